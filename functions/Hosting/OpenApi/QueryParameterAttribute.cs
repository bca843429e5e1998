namespace Reactivation.Functions.Hosting.OpenApi;

/// <summary>
/// A query parameter an HTTP function reads from its request: the <c>[Function]</c> methods take the raw request, so
/// the API description learns its query from this declaration.
/// </summary>
/// <param name="name">The parameter's name.</param>
/// <param name="type">Its type (string, int, bool, double, DateTimeOffset, or an enum).</param>
/// <param name="description">What it does.</param>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class QueryParameterAttribute(string name, Type type, string description) : Attribute
{
    /// <summary>The parameter's name.</summary>
    public string Name { get; } = name;

    /// <summary>Its type.</summary>
    public Type Type { get; } = type;

    /// <summary>What it does.</summary>
    public string Description { get; } = description;

    /// <summary>True when a request without it is refused.</summary>
    public bool Required { get; init; }
}
