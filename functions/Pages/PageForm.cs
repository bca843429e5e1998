using Reactivation.Core.Policy;
using Reactivation.Functions.Hosting;

namespace Reactivation.Functions.Pages;

/// <summary>Reads what the public pages are posted: small forms only, and the evidence a consent change records about the visitor.</summary>
public static class PageForm
{
    /// <summary>The largest form body accepted, in bytes: the pages' forms are a few hundred.</summary>
    public const int MaxBytes = 4_096;

    /// <summary>
    /// Reads an <c>application/x-www-form-urlencoded</c> or <c>multipart/form-data</c> body of at most <see cref="MaxBytes"/>
    /// (counted as it arrives, so a missing or false Content-Length does not get round it), without files.
    /// </summary>
    /// <returns>The form, or null with the status to answer (415 not a form, 413 too large, 400 malformed or carrying files).</returns>
    public static async Task<(IFormCollection? Form, int Status)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType)
        {
            return (null, StatusCodes.Status415UnsupportedMediaType);
        }

        if (request.ContentLength > MaxBytes)
        {
            return (null, StatusCodes.Status413PayloadTooLarge);
        }

        var buffer = new MemoryStream();
        var chunk = new byte[1_024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                return (null, StatusCodes.Status413PayloadTooLarge);
            }

            buffer.Write(chunk, 0, read);
        }

        buffer.Position = 0;
        request.Body = buffer;
        try
        {
            var form = await request.ReadFormAsync(cancellationToken).ConfigureAwait(false);
            return form.Files.Count > 0 ? (null, StatusCodes.Status400BadRequest) : (form, StatusCodes.Status200OK);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException)
        {
            // The body is already in memory, so an I/O error here is a malformed multipart body (no closing boundary, say).
            return (null, StatusCodes.Status400BadRequest);
        }
    }

    /// <summary>The fields of <paramref name="form"/> with all their values.</summary>
    public static IEnumerable<KeyValuePair<string, string[]>> Fields(IFormCollection form) =>
        form.Select(f => KeyValuePair.Create(f.Key, f.Value.Select(v => v ?? "").ToArray()));

    /// <summary>The evidence of a change made by this request's visitor: the client address the rate limiter counts, and the user agent.</summary>
    public static ConsentEvidence Evidence(HttpContext context, string textVersion)
    {
        var client = context.RequestServices.GetRequiredService<PublicRateLimit>().ClientOf(context);
        return ConsentEvidence.Of(textVersion, client == "unknown" ? null : client, context.Request.Headers.UserAgent.ToString());
    }
}
