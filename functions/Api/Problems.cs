using System.Text.Json;
using Reactivation.Core.Activity;

namespace Reactivation.Functions.Api;

/// <summary>RFC 7807 problem responses with a consistent shape: title, detail, and an <c>errors</c> list of located problems.</summary>
public static class Problems
{
    /// <summary>400: the input was invalid; nothing was written.</summary>
    public static IResult Invalid(string detail, IReadOnlyList<ValidationProblem> errors) => Results.Problem(
        title: "The request was rejected; nothing was written.",
        detail: detail,
        statusCode: StatusCodes.Status400BadRequest,
        extensions: new Dictionary<string, object?> { ["errors"] = errors.Select(e => new { location = e.Location, message = e.Message }).ToArray() });

    /// <summary>400: the body is not JSON.</summary>
    public static IResult MalformedJson(JsonException ex) => Invalid(
        $"The body is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}).",
        [new ValidationProblem("", ex.Message)]);

    /// <summary>404: nothing at that address.</summary>
    public static IResult NotFound(string detail) => Results.Problem(
        title: "Not found.", detail: detail, statusCode: StatusCodes.Status404NotFound);
}
