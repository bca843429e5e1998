using Reactivation.Core.Activity;
using Reactivation.Functions.Api;

namespace Reactivation.Functions.Triggers;

/// <summary>Optional query-string values, parsed as the minimal-API binder parsed them: a value that does not parse is a 400.</summary>
public static class QueryValues
{
    /// <summary>The flag <paramref name="name"/> (absent: null), or the 400 problem for a value that is not true or false.</summary>
    public static (bool? Value, IResult? Problem) Flag(HttpRequest request, string name)
    {
        var text = request.Query[name].FirstOrDefault();
        return text is null ? (null, null)
            : bool.TryParse(text, out var value) ? (value, null)
            : (null, Problems.Invalid($"The query parameter '{name}' must be true or false.", [new ValidationProblem(name, $"'{text}' is not true or false")]));
    }

    /// <summary>The text value <paramref name="name"/>, or null.</summary>
    public static string? Text(HttpRequest request, string name) => request.Query[name].FirstOrDefault();
}
