using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Reactivation.Core.Offers;

/// <summary>
/// Coupon codes derived from the send that carries them: <c>PREFIX-XXXXXXXXXX</c>, ten Crockford base32 symbols of an
/// HMAC-SHA256 under a secret key, so a retried or reconciled send always carries the same code and nobody without the
/// key can guess another user's.
/// </summary>
/// <remarks>
/// Ten symbols are 50 bits: among a million codes of one prefix the chance that any two collide is about 1 in 2,000, and
/// guessing a valid code is hopeless. Crockford's alphabet leaves out I, L, O and U, so codes survive being read aloud or
/// typed; <see cref="Normalize"/> maps what people type back to the canonical form.
/// </remarks>
public static partial class CouponCode
{
    /// <summary>The number of symbols after the prefix and dash.</summary>
    public const int SymbolCount = 10;

    /// <summary>Crockford's base32 alphabet: digits and capital letters without I, L, O and U.</summary>
    public const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    /// <summary>The code for the send <paramref name="sendKey"/> of an offer with prefix <paramref name="prefix"/>.</summary>
    /// <param name="secret">The HMAC key (the configured coupon secret); the same key must be used for the life of the codes.</param>
    /// <param name="sendKey">The send's idempotency key.</param>
    /// <param name="prefix">The offer's code prefix: 1 to 8 capital letters and digits.</param>
    /// <exception cref="ArgumentException">An empty secret or send key, or a malformed prefix.</exception>
    public static string Create(ReadOnlySpan<byte> secret, string sendKey, string prefix)
    {
        if (secret.IsEmpty)
        {
            throw new ArgumentException("the coupon secret must not be empty", nameof(secret));
        }

        ArgumentException.ThrowIfNullOrEmpty(sendKey);
        if (!IsPrefix(prefix))
        {
            throw new ArgumentException($"'{prefix}' is not a code prefix: use 1 to 8 capital letters and digits", nameof(prefix));
        }

        // The prefix is hashed too, so two offers sharing a send key (they never should) still get unrelated codes.
        var message = Encoding.UTF8.GetBytes($"{prefix}\n{sendKey}");
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(secret, message, mac);
        var bits = BinaryPrimitives.ReadUInt64BigEndian(mac) >> (64 - (5 * SymbolCount));
        Span<char> code = stackalloc char[prefix.Length + 1 + SymbolCount];
        prefix.AsSpan().CopyTo(code);
        code[prefix.Length] = '-';
        for (var i = SymbolCount - 1; i >= 0; i--)
        {
            code[prefix.Length + 1 + i] = Alphabet[(int)(bits & 31)];
            bits >>= 5;
        }

        return new string(code);
    }

    /// <summary>True when <paramref name="prefix"/> is 1 to 8 capital ASCII letters and digits.</summary>
    public static bool IsPrefix(string? prefix) => prefix is not null && PrefixPattern().IsMatch(prefix);

    /// <summary>True when <paramref name="code"/> has the canonical shape <c>PREFIX-XXXXXXXXXX</c>.</summary>
    public static bool IsWellFormed(string? code) => code is not null && CodePattern().IsMatch(code);

    /// <summary>
    /// The canonical form of a code as a person typed it: surrounding spaces dropped, upper case, and in the symbols after
    /// the last dash O read as 0 and I or L as 1, as Crockford's decoding rules say.
    /// </summary>
    public static string Normalize(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        var upper = code.Trim().ToUpperInvariant();
        var dash = upper.LastIndexOf('-');
        var symbols = upper[(dash + 1)..].Replace('O', '0').Replace('I', '1').Replace('L', '1');
        return upper[..(dash + 1)] + symbols;
    }

    [GeneratedRegex("^[A-Z0-9]{1,8}$", RegexOptions.CultureInvariant)]
    private static partial Regex PrefixPattern();

    [GeneratedRegex("^[A-Z0-9]{1,8}-[0-9A-HJKMNP-TV-Z]{10}$", RegexOptions.CultureInvariant)]
    private static partial Regex CodePattern();
}
