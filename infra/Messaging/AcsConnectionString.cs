namespace Reactivation.Infra.Messaging;

/// <summary>
/// An Azure Communication Services connection string as the portal shows it: <c>endpoint=https://x.communication.azure.com/;accesskey=BASE64</c>.
/// Without <c>accesskey</c>, requests authenticate with an Entra ID token instead.
/// </summary>
/// <param name="Endpoint">The resource endpoint.</param>
/// <param name="AccessKey">The decoded access key (the HMAC key), or null for Entra ID.</param>
public sealed record AcsConnectionString(Uri Endpoint, byte[]? AccessKey)
{
    /// <summary>Parses <paramref name="text"/>; returns null and the reason when it is not a connection string.</summary>
    public static AcsConnectionString? TryParse(string? text, out string? problem)
    {
        problem = null;
        var parts = (text ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0].ToLowerInvariant(), p => p[1]);
        if (!parts.TryGetValue("endpoint", out var endpoint) || !Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
        {
            problem = "needs endpoint=https://<resource>.communication.azure.com/";
            return null;
        }

        if (!parts.TryGetValue("accesskey", out var key))
        {
            return new AcsConnectionString(uri, null);
        }

        try
        {
            return new AcsConnectionString(uri, Convert.FromBase64String(key));
        }
        catch (FormatException)
        {
            problem = "accesskey is not base64";
            return null;
        }
    }
}
