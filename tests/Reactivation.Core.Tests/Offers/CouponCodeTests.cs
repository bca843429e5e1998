using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Reactivation.Core.Offers;
using Xunit;

namespace Reactivation.Core.Tests.Offers;

/// <summary>The shape, spread and normalisation of coupon codes; the codes themselves are pinned in <see cref="CouponCodeKnownAnswerTests"/>.</summary>
public sealed class CouponCodeTests
{
    private static readonly byte[] Secret = Encoding.UTF8.GetBytes("0123456789abcdef0123456789abcdef");

    [Fact]
    public void A_hundred_thousand_send_keys_yield_a_hundred_thousand_different_well_formed_codes()
    {
        var codes = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 100_000; i++)
        {
            var code = CouponCode.Create(Secret, $"standard~u{i:D7}~1~gift-sms~1", "R20");
            Assert.True(CouponCode.IsWellFormed(code), code);
            Assert.True(codes.Add(code), $"{code} came up twice");
        }

        Assert.Equal(100_000, codes.Count);
    }

    [Fact]
    public void Another_secret_or_another_prefix_gives_an_unrelated_code_for_the_same_send()
    {
        var code = CouponCode.Create(Secret, "send-1", "R20");

        var otherSecret = CouponCode.Create(Encoding.UTF8.GetBytes("another secret, also 32 characters!"), "send-1", "R20");
        var otherPrefix = CouponCode.Create(Secret, "send-1", "M50");

        Assert.NotEqual(code, otherSecret);
        Assert.NotEqual(code[4..], otherPrefix[4..]);
        Assert.StartsWith("M50-", otherPrefix, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("r20-6qbr8h6dbr", "R20-6QBR8H6DBR")]
    [InlineData("  R20-6QBR8H6DBR ", "R20-6QBR8H6DBR")]
    [InlineData("R20-OQBR8H6DBR", "R20-0QBR8H6DBR")]
    [InlineData("R20-6QBR8HIDBL", "R20-6QBR8H1DB1")]
    [InlineData("GOLD-0000000000", "GOLD-0000000000")]
    public void Codes_as_people_type_them_normalize_to_the_canonical_form(string typed, string canonical) =>
        Assert.Equal(canonical, CouponCode.Normalize(typed));

    [Theory]
    [InlineData("R20-6QBR8H6DBR", true)]
    [InlineData("R20-6QBR8H6DB", false)]
    [InlineData("R20-6QBR8H6DBRX", false)]
    [InlineData("R20-6QBR8H6DBU", false)]
    [InlineData("r20-6QBR8H6DBR", false)]
    [InlineData("R20_6QBR8H6DBR", false)]
    [InlineData("TOOLONGPX-6QBR8H6DBR", false)]
    [InlineData("", false)]
    public void Only_the_canonical_shape_is_well_formed(string code, bool wellFormed) => Assert.Equal(wellFormed, CouponCode.IsWellFormed(code));

    [Theory]
    [InlineData("")]
    [InlineData("r20")]
    [InlineData("R-20")]
    [InlineData("ABCDEFGHI")]
    public void A_malformed_prefix_is_refused(string prefix) =>
        Assert.Throws<ArgumentException>(() => CouponCode.Create(Secret, "send-1", prefix));

    [Fact]
    public void An_empty_secret_or_send_key_is_refused()
    {
        Assert.Throws<ArgumentException>(() => CouponCode.Create([], "send-1", "R20"));
        Assert.Throws<ArgumentException>(() => CouponCode.Create(Secret, "", "R20"));
    }

    [Property(MaxTest = 500, QuietOnSuccess = true)]
    public Property Any_send_key_gives_a_well_formed_code_that_matches_an_independent_derivation_and_survives_retyping() =>
        Prop.ForAll(
            Arb.From(
                from key in ArbMap.Default.GeneratorFor<NonEmptyString>()
                from prefix in Gen.Elements("R20", "M50", "G100", "UPG", "TRY", "A", "Z9Z9Z9Z9")
                select (Key: key.Get, Prefix: prefix)),
            c =>
            {
                var code = CouponCode.Create(Secret, c.Key, c.Prefix);

                Assert.True(CouponCode.IsWellFormed(code), code);
                Assert.Equal(Independent(c.Key, c.Prefix), code);
                Assert.Equal(code, CouponCode.Normalize(code.ToLowerInvariant()));
            });

    // The same derivation written differently: the HMAC's first 50 bits as one big number, read out five bits at a time.
    private static string Independent(string sendKey, string prefix)
    {
        var mac = HMACSHA256.HashData(Secret, Encoding.UTF8.GetBytes(prefix + "\n" + sendKey));
        var number = new BigInteger(mac.AsSpan(0, 7), isUnsigned: true, isBigEndian: true) >> 6;
        var symbols = new char[10];
        for (var i = 9; i >= 0; i--)
        {
            symbols[i] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"[(int)(number % 32)];
            number /= 32;
        }

        return $"{prefix}-{new string(symbols)}";
    }
}
