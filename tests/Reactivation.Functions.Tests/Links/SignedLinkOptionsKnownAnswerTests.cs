using Reactivation.Core.Links;
using Reactivation.Infra.Links;
using Reactivation.Infra.Offers;
using Xunit;

namespace Reactivation.Functions.Tests.Links;

/// <summary>
/// The link key <c>d1</c> a deployment without configured keys derives from its coupon secret, against known answers.
/// Every link such a deployment has sent is signed with it, so a drift in the derivation breaks them all at the next
/// deploy (unsubscribe links included).
/// </summary>
/// <remarks>
/// Computed once with <see cref="SignedLinkOptions.Keyring"/> and checked against an independent derivation outside
/// .NET: HMAC-SHA256 of <c>link signing key v1</c> under the UTF-8 of the coupon secret (what the host passes in).
/// </remarks>
public sealed class SignedLinkOptionsKnownAnswerTests
{
    private static readonly DateTimeOffset Expiry = new(2027, 12, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("0123456789abcdef0123456789abcdef", "c6bf24d0b564c1edcb5f8d47e2a6795521d018d324ff9df80092231b0d8b1cb0",
        "d1.AXUAAAAAbO9BgHByb2JlfmFjcy11c2VyfjF-ZW1haWx-MR8.AfUsTtuUhz9YcjUh2ORX3w")]
    [InlineData("ed50667034c3680abc6bdeb62e97ca44f0329abaedb9b988099dfddc9d1be02d", "9e09b39fd63706ad4fe976ecfae958e5455d2b779e47a85da62176543f429bb2",
        "d1.AXUAAAAAbO9BgHByb2JlfmFjcy11c2VyfjF-ZW1haWx-MR8.d-KLZzfiTpGpu48qtXoY9A")]
    [InlineData("秘密的优惠券密钥，至少三十二个字符长度，用于测试派生链接签名密钥的已知答案", "98e55b38fb60faf148f5c331f08e65727533ea018d565b2e996454f69f4fae14",
        "d1.AXUAAAAAbO9BgHByb2JlfmFjcy11c2VyfjF-ZW1haWx-MR8.6qHBV8J2ycVxA0AEdgqlpg")]
    public void The_link_key_derived_from_these_coupon_secrets_and_its_tokens_never_change(string couponSecret, string expectedKeyHex, string expectedToken)
    {
        var keyring = new SignedLinkOptions().Keyring(new OfferOptions { CouponSecret = couponSecret }.SecretKey);

        Assert.Equal("d1", keyring.CurrentKeyId);
        Assert.Equal(expectedKeyHex, Convert.ToHexStringLower(keyring.Find("d1")!));
        Assert.Equal(expectedToken, LinkToken.Create(keyring, LinkPurpose.Unsubscribe, "probe~acs-user~1~email~1", "", Expiry));
        var (claims, refusal) = LinkToken.Verify(keyring, expectedToken, LinkPurpose.Unsubscribe, Expiry.AddDays(-1));
        Assert.Equal((LinkRefusal.None, "probe~acs-user~1~email~1"), (refusal, claims?.Subject));
    }
}
