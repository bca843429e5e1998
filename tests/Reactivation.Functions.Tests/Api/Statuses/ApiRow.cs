namespace Reactivation.Functions.Tests.Api.Statuses;

/// <summary>One documented answer: an operation, its method and route, and a status the document says it gives.</summary>
/// <param name="Operation">The operation id (the function's name).</param>
/// <param name="Method">The HTTP method, upper case.</param>
/// <param name="Route">The route as documented, with its parameters in braces.</param>
/// <param name="Status">The documented status.</param>
public sealed record ApiRow(string Operation, string Method, string Route, int Status)
{
    /// <summary>The route with every parameter given <paramref name="value"/>.</summary>
    public string Fill(string value = "x") =>
        string.Join('/', Route.Split('/').Select(part => part.StartsWith('{') && part.EndsWith('}') ? value : part));

    public override string ToString() => $"{Operation} {Method} {Route} {Status}";
}
