using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;

namespace Reactivation.Functions.Hosting;

/// <summary>
/// Checks every request meets before any handler runs, so bad input gets a clear 4xx and writes nothing: API bodies must
/// say they are JSON, bodies are capped in size, and a malformed request (too large, cut short) answers its own status
/// rather than a 500.
/// </summary>
public static class RequestGuards
{
    /// <summary>The largest request body accepted: a full activity batch of 1,000 events fits several times over.</summary>
    public const long MaxBodyBytes = 4 * 1024 * 1024;

    /// <summary>True when a request with a body does not declare a JSON media type (<c>application/json</c>, <c>text/json</c> or any <c>+json</c> type, as CloudEvents batches use).</summary>
    public static bool BodyIsNotJson(HttpRequest request)
    {
        var hasBody = request.ContentLength > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0);
        return hasBody && !IsJson(request.ContentType);
    }

    /// <summary>The 415 for a body that is not JSON.</summary>
    public static IResult UnsupportedMediaType(HttpRequest request) => Results.Problem(
        title: "Unsupported media type; nothing was written.",
        detail: $"The body must be JSON (Content-Type: application/json), not '{request.ContentType ?? "(none)"}'.",
        statusCode: StatusCodes.Status415UnsupportedMediaType);

    /// <summary>The 413 for a body over <see cref="MaxBodyBytes"/> (under the Functions host, where Kestrel's limit is not ours).</summary>
    public static IResult TooLarge() => Results.Problem(
        title: "The request body is too large; nothing was written.",
        detail: $"Bodies are limited to {MaxBodyBytes / (1024 * 1024)} MB.",
        statusCode: StatusCodes.Status413PayloadTooLarge);

    /// <summary>Whether <paramref name="contentType"/> names a JSON media type.</summary>
    public static bool IsJson(string? contentType)
    {
        var media = (contentType ?? "").Split(';')[0].Trim();
        return media.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || media.Equals("text/json", StringComparison.OrdinalIgnoreCase)
            || (media.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && media.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Caps request bodies in the local host (Kestrel's own default is 30 MB).</summary>
    public static void LimitBodies(WebApplicationBuilder builder) =>
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = MaxBodyBytes);

    /// <summary>
    /// The status for an exception that escaped a handler: a request Kestrel refused while it was being read (too large,
    /// truncated, bad framing) keeps its 4xx; anything else is our fault, a 500.
    /// </summary>
    public static int StatusOf(Exception exception) => exception switch
    {
        BadHttpRequestException bad => bad.StatusCode,
        _ => StatusCodes.Status500InternalServerError,
    };
}
