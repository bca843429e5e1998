namespace Reactivation.Functions.Hosting.OpenApi;

/// <summary>
/// The body an HTTP function reads, declared for the API description only. The framework's own <c>[Consumes]</c> would
/// also make routing refuse other media types before the function's guards could answer with their problem response.
/// </summary>
/// <param name="type">The body's type.</param>
/// <param name="contentType">Its media type.</param>
/// <param name="description">What it carries.</param>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequestBodyAttribute(Type type, string contentType, string description) : Attribute
{
    /// <summary>The body's type.</summary>
    public Type Type { get; } = type;

    /// <summary>Its media type.</summary>
    public string ContentType { get; } = contentType;

    /// <summary>What it carries.</summary>
    public string Description { get; } = description;
}
