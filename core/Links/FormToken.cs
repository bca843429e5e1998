using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Reactivation.Core.Links;

/// <summary>
/// The anti-forgery token of a form rendered for a signed link: <c>{issued}.{nonce}.{mac}</c>, where the MAC is an
/// HMAC-SHA256 over the link token, the issue time (Unix seconds) and a per-render nonce, under a key derived from the
/// key that signed the link. Stateless, so any instance can check a form another rendered.
/// </summary>
/// <remarks>
/// A forger on another site can make a browser post to the page but cannot read it, so cannot learn a MAC; the link
/// token alone is not enough because it travels in URLs (mail, history). The nonce also names the render, which lets a
/// double-submitted form be recorded once.
/// </remarks>
public static class FormToken
{
    /// <summary>How far ahead of the server clock an issue time may be (clock skew between instances).</summary>
    public static readonly TimeSpan AllowedSkew = TimeSpan.FromMinutes(5);

    private const int NonceHexLength = 32;

    /// <summary>The form key for links signed with <paramref name="linkKey"/>: a derivation, so a form MAC can never pass for a link MAC.</summary>
    public static byte[] DeriveKey(byte[] linkKey) => HMACSHA256.HashData(linkKey, "link form anti-forgery v1"u8);

    /// <summary>Mints a form token for <paramref name="linkToken"/>.</summary>
    /// <param name="formKey">From <see cref="DeriveKey"/>.</param>
    /// <param name="linkToken">The link the form was rendered for.</param>
    /// <param name="nonce">32 lower-case hex characters of fresh randomness (the caller supplies it: the core has no random source).</param>
    /// <param name="issuedAt">When the form was rendered.</param>
    /// <exception cref="ArgumentException">The nonce is not 32 lower-case hex characters.</exception>
    public static string Create(byte[] formKey, string linkToken, string nonce, DateTimeOffset issuedAt)
    {
        if (!IsNonce(nonce))
        {
            throw new ArgumentException("the nonce must be 32 lower-case hex characters", nameof(nonce));
        }

        var issued = issuedAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return $"{issued}.{nonce}.{Convert.ToHexStringLower(Mac(formKey, linkToken, issued, nonce))}";
    }

    /// <summary>Checks <paramref name="formToken"/> against <paramref name="linkToken"/> at <paramref name="now"/>.</summary>
    /// <returns>The form's nonce when the token is genuine and no older than <paramref name="maxAge"/>; null otherwise.</returns>
    public static string? Verify(byte[] formKey, string linkToken, string? formToken, DateTimeOffset now, TimeSpan maxAge)
    {
        if ((formToken ?? "").Split('.') is not [var issued, var nonce, var macHex]
            || issued.Length is 0 or > 12 || !issued.All(char.IsAsciiDigit) || !IsNonce(nonce) || macHex.Length != 64 || !macHex.All(char.IsAsciiHexDigitLower))
        {
            return null;
        }

        var expected = Mac(formKey, linkToken, issued, nonce);
        if (!CryptographicOperations.FixedTimeEquals(Convert.FromHexString(macHex), expected))
        {
            return null;
        }

        var issuedAt = DateTimeOffset.FromUnixTimeSeconds(long.Parse(issued, CultureInfo.InvariantCulture));
        return issuedAt <= now + AllowedSkew && now - issuedAt <= maxAge ? nonce : null;
    }

    private static bool IsNonce(string nonce) => nonce.Length == NonceHexLength && nonce.All(char.IsAsciiHexDigitLower);

    private static byte[] Mac(byte[] formKey, string linkToken, string issued, string nonce) =>
        HMACSHA256.HashData(formKey, Encoding.UTF8.GetBytes($"{linkToken}\n{issued}\n{nonce}"));
}
