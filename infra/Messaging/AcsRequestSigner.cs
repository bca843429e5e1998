using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Reactivation.Infra.Messaging;

/// <summary>
/// Signs requests to Communication Services with HMAC-SHA256 as the service checks it: the string to sign is
/// <c>METHOD\nPathAndQuery\nx-ms-date;host;x-ms-content-sha256</c>, keyed with the decoded access key.
/// </summary>
public static class AcsRequestSigner
{
    /// <summary>The headers signed, in order.</summary>
    public const string SignedHeaders = "x-ms-date;host;x-ms-content-sha256";

    /// <summary>Base64 SHA-256 of the body (an empty body hashes the empty array).</summary>
    public static string ContentHash(ReadOnlySpan<byte> body) => Convert.ToBase64String(SHA256.HashData(body));

    /// <summary>The string to sign.</summary>
    public static string StringToSign(string method, string pathAndQuery, string date, string host, string contentHash) =>
        $"{method.ToUpperInvariant()}\n{pathAndQuery}\n{date};{host};{contentHash}";

    /// <summary>The signature of <paramref name="stringToSign"/> under <paramref name="key"/>.</summary>
    public static string Signature(byte[] key, string stringToSign) => Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(stringToSign)));

    /// <summary>Adds <c>x-ms-date</c>, <c>x-ms-content-sha256</c> and <c>Authorization</c> to <paramref name="request"/>.</summary>
    public static void Sign(HttpRequestMessage request, byte[] body, byte[] key, DateTimeOffset now)
    {
        var uri = request.RequestUri ?? throw new InvalidOperationException("the request has no URI");
        var date = now.UtcDateTime.ToString("r", CultureInfo.InvariantCulture);
        var hash = ContentHash(body);
        var signature = Signature(key, StringToSign(request.Method.Method, uri.PathAndQuery, date, uri.Authority, hash));
        request.Headers.TryAddWithoutValidation("x-ms-date", date);
        request.Headers.TryAddWithoutValidation("x-ms-content-sha256", hash);
        request.Headers.TryAddWithoutValidation("Authorization", $"HMAC-SHA256 SignedHeaders={SignedHeaders}&Signature={signature}");
    }
}
