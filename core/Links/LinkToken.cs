using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Reactivation.Core.Links;

/// <summary>
/// The one signed-token scheme for tracking, unsubscribe and preference links: <c>{keyId}.{payload}.{mac}</c>, all
/// URL-safe. The payload (Base64url) is a version byte, the purpose, the expiry in Unix seconds and the UTF-8 subject
/// and destination; the MAC is the first 16 bytes of HMAC-SHA256 over the key id and payload, compared in constant time.
/// </summary>
/// <remarks>
/// The subject is the send key, so a token carries no phone number or address, only the ids a click must be credited
/// to. A 128-bit truncated MAC is what the token's size buys: forging one is still a 2^128 search.
/// </remarks>
public static class LinkToken
{
    private const byte Version = 1;
    private const int MacBytes = 16;
    private const int HeaderBytes = 1 + 1 + 8;
    private const char Separator = '\u001f';

    /// <summary>Mints a token for <paramref name="claims"/> with the keyring's current key (its key id is ignored).</summary>
    /// <exception cref="ArgumentException">The subject or destination contains the unit separator, or the subject is empty.</exception>
    public static string Create(LinkKeyring keyring, LinkPurpose purpose, string subject, string destination, DateTimeOffset expiresAt)
    {
        if (subject.Length == 0 || subject.Contains(Separator, StringComparison.Ordinal) || destination.Contains(Separator, StringComparison.Ordinal))
        {
            throw new ArgumentException("a link's subject must be non-empty and neither it nor the destination may contain U+001F");
        }

        var text = Encoding.UTF8.GetBytes(subject + Separator + destination);
        var payload = new byte[HeaderBytes + text.Length];
        payload[0] = Version;
        payload[1] = (byte)purpose;
        BinaryPrimitives.WriteInt64BigEndian(payload.AsSpan(2, 8), expiresAt.ToUnixTimeSeconds());
        text.CopyTo(payload, HeaderBytes);
        var keyId = keyring.CurrentKeyId;
        var body = keyId + "." + Base64Url(payload);
        return body + "." + Base64Url(Mac(keyring.Find(keyId)!, body));
    }

    /// <summary>Checks <paramref name="token"/> for <paramref name="purpose"/> at <paramref name="now"/>.</summary>
    /// <returns>The claims, or null with the reason.</returns>
    public static (LinkClaims? Claims, LinkRefusal Refusal) Verify(LinkKeyring keyring, string? token, LinkPurpose purpose, DateTimeOffset now)
    {
        var parts = (token ?? "").Split('.');
        if (parts is not [{ Length: > 0 } keyId, { Length: > 0 } encodedPayload, { Length: > 0 } encodedMac] || token!.Length > 4_096)
        {
            return (null, LinkRefusal.Malformed);
        }

        // Only the canonical encoding is accepted: Base64url's last character has spare bits, and a token must have exactly one spelling.
        if (!TryFromBase64Url(encodedMac, out var mac) || mac.Length != MacBytes || Base64Url(mac) != encodedMac
            || !TryFromBase64Url(encodedPayload, out var payload) || payload.Length < HeaderBytes || Base64Url(payload) != encodedPayload)
        {
            return (null, LinkRefusal.Malformed);
        }

        if (keyring.Find(keyId) is not { } key)
        {
            return (null, LinkRefusal.UnknownKey);
        }

        if (!CryptographicOperations.FixedTimeEquals(mac, Mac(key, keyId + "." + encodedPayload)))
        {
            return (null, LinkRefusal.BadSignature);
        }

        // Signed by us, so the rest is well formed unless the version differs.
        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(payload, HeaderBytes, payload.Length - HeaderBytes);
        }
        catch (DecoderFallbackException)
        {
            return (null, LinkRefusal.Malformed);
        }

        var fields = text.Split(Separator);
        if (payload[0] != Version || fields.Length != 2 || !Enum.IsDefined((LinkPurpose)payload[1]))
        {
            return (null, LinkRefusal.Malformed);
        }

        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(BinaryPrimitives.ReadInt64BigEndian(payload.AsSpan(2, 8)), 0, 253_402_300_799));
        if ((LinkPurpose)payload[1] != purpose)
        {
            return (null, LinkRefusal.WrongPurpose);
        }

        return now >= expiresAt
            ? (null, LinkRefusal.Expired)
            : (new LinkClaims(purpose, fields[0], fields[1], expiresAt, keyId), LinkRefusal.None);
    }

    private static byte[] Mac(byte[] key, string body) => HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(body))[..MacBytes];

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static bool TryFromBase64Url(string text, out byte[] bytes)
    {
        bytes = [];
        if (text.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
        {
            return false;
        }

        var padded = text.Replace('-', '+').Replace('_', '/') + new string('=', (4 - text.Length % 4) % 4);
        var buffer = new byte[padded.Length];
        if (!Convert.TryFromBase64String(padded, buffer, out var written))
        {
            return false;
        }

        bytes = buffer[..written];
        return true;
    }
}
