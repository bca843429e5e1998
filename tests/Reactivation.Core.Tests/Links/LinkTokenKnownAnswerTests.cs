using System.Text;
using Reactivation.Core.Links;

namespace Reactivation.Core.Tests.Links;

/// <summary>
/// Link tokens minted from fixed keys and claims against known answers. Links already sent (unsubscribe and preference
/// links live 400 days) must keep verifying after every deploy, so the token format is a storage contract: a change to
/// the payload layout, the encoding or the MAC fails these tests.
/// </summary>
/// <remarks>
/// Computed once with <see cref="LinkToken.Create"/> and checked against an independent derivation outside .NET: payload
/// = version 1, the purpose's letter, the expiry as big-endian Unix seconds, UTF-8 of subject U+001F destination; the MAC
/// is the first 16 bytes of HMAC-SHA256 of <c>{keyId}.{payload}</c>; both unpadded Base64url.
/// </remarks>
public sealed class LinkTokenKnownAnswerTests
{
    private static readonly byte[] K1 = Encoding.ASCII.GetBytes("0123456789abcdef0123456789abcdef");
    private static readonly byte[] K2 = Encoding.ASCII.GetBytes("fedcba9876543210fedcba9876543210");
    private static readonly DateTimeOffset Month = new(2026, 12, 28, 6, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Consent = Month.AddDays(400);

    /// <summary>Signing key, purpose, subject (send key), destination, expiry and the token, including non-ASCII claims.</summary>
    public static TheoryData<string, LinkPurpose, string, string, DateTimeOffset, string> Tokens => new()
    {
        {
            "k1", LinkPurpose.Track, "standard~u0000042~1~gift-sms~1", "https://shop.example.com/cart?x=1", Month,
            "k1.AXQAAAAAazH64HN0YW5kYXJkfnUwMDAwMDQyfjF-Z2lmdC1zbXN-MR9odHRwczovL3Nob3AuZXhhbXBsZS5jb20vY2FydD94PTE.eSacqIf9wibqmqUwxqJlGA"
        },
        {
            "k2", LinkPurpose.Track, "standard~u0000042~1~gift-sms~1", "https://shop.example.com/cart?x=1", Month,
            "k2.AXQAAAAAazH64HN0YW5kYXJkfnUwMDAwMDQyfjF-Z2lmdC1zbXN-MR9odHRwczovL3Nob3AuZXhhbXBsZS5jb20vY2FydD94PTE.jPBjGsfXjrh02cQOjBZR2w"
        },
        {
            "k2", LinkPurpose.Unsubscribe, "probe~acs-user~1~email~1", "", Consent,
            "k2.AXUAAAAAbUFS4HByb2JlfmFjcy11c2VyfjF-ZW1haWx-MR8.4CfeEou4USlcGPzR0Z1BeA"
        },
        {
            "k2", LinkPurpose.Preferences, "probe~acs-user~1~email~1", "", Consent,
            "k2.AXAAAAAAbUFS4HByb2JlfmFjcy11c2VyfjF-ZW1haWx-MR8.xQ_ODZMfvrhI6qmDEGNmCw"
        },
        {
            "k2", LinkPurpose.Track, "vip~用户42~1~短信~1", "https://shop.example.com/活动?q=caf\u00e9", Month,
            "k2.AXQAAAAAazH64HZpcH7nlKjmiLc0Mn4xfuefreS_oX4xH2h0dHBzOi8vc2hvcC5leGFtcGxlLmNvbS_mtLvliqg_cT1jYWbDqQ.Gm9nq90DgkTzJiAqyZvAqw"
        },
        {
            "k1", LinkPurpose.Track, "care~u7~1~push~1~\U0001F381", "https://m.example.com/", new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero),
            "k1.AXQAAAAAcNvYgGNhcmV-dTd-MX5wdXNofjF-8J-OgR9odHRwczovL20uZXhhbXBsZS5jb20v.Axkdfh3wyr7Pxk8bdcJQkA"
        },
    };

    [Theory]
    [MemberData(nameof(Tokens))]
    public void Tokens_minted_from_these_keys_and_claims_never_change(
        string keyId, LinkPurpose purpose, string subject, string destination, DateTimeOffset expiresAt, string expected) =>
        Assert.Equal(expected, LinkToken.Create(Ring(keyId), purpose, subject, destination, expiresAt));

    [Theory]
    [MemberData(nameof(Tokens))]
    public void Links_already_sent_with_these_tokens_still_verify_to_their_claims_until_they_expire(
        string keyId, LinkPurpose purpose, string subject, string destination, DateTimeOffset expiresAt, string token)
    {
        var (claims, refusal) = LinkToken.Verify(Ring(keyId), token, purpose, expiresAt.AddSeconds(-1));

        Assert.Equal(LinkRefusal.None, refusal);
        Assert.Equal(new LinkClaims(purpose, subject, destination, expiresAt, keyId), claims);
        Assert.Equal(LinkRefusal.Expired, LinkToken.Verify(Ring(keyId), token, purpose, expiresAt).Refusal);
    }

    // Both keys verify whichever signs, as after a rotation from k1 to k2.
    private static LinkKeyring Ring(string currentKeyId) =>
        LinkKeyring.Create(new Dictionary<string, byte[]> { ["k1"] = K1, ["k2"] = K2 }, currentKeyId).Keyring!;
}
