using System.Text;
using Reactivation.Core.Offers;

namespace Reactivation.Core.Tests.Offers;

/// <summary>
/// Coupon codes from fixed secrets, send keys and prefixes against known answers. A retried send must carry the code its
/// first attempt carried (the message may already be out), so the derivation is a storage contract across deploys.
/// </summary>
/// <remarks>
/// Computed once with <see cref="CouponCode.Create"/> and checked against an independent derivation outside .NET
/// (HMAC-SHA256 of UTF-8 <c>PREFIX\nsendKey</c>, its first 50 bits as ten Crockford base32 symbols).
/// </remarks>
public sealed class CouponCodeKnownAnswerTests
{
    private const string Secret = "0123456789abcdef0123456789abcdef";

    [Theory]
    [InlineData(Secret, "standard~u0000001~1~gift-sms~1", "R20", "R20-6QBR8H6DBR")]
    [InlineData(Secret, "standard~u0000042~1~gift-sms~1", "R20", "R20-CTDYGTKHJ7")]
    [InlineData(Secret, "coupon-3-6m~u42~1~sms~1", "M50", "M50-1P66AXQZBG")]
    [InlineData(Secret, "vip~用户42~1~短信~1", "G100", "G100-GV9J5047P4")]
    [InlineData(Secret, "standard~jos\u00e9~1~sms~1", "UPG", "UPG-85P0PSQ3Q7")]
    [InlineData(Secret, "care~u7~1~push~1~\U0001F381", "TRY", "TRY-PC7XR3ZYPP")]
    [InlineData("another secret, also 32 characters!", "standard~u0000001~1~gift-sms~1", "R20", "R20-N77MS61GXC")]
    [InlineData(Secret, "send-1", "Z9Z9Z9Z9", "Z9Z9Z9Z9-ZCRFCT7EGA")]
    [InlineData(Secret, "send-1", "A", "A-T6WN8BBHRG")]
    public void Codes_for_these_secrets_send_keys_and_prefixes_never_change(string secret, string sendKey, string prefix, string expected)
    {
        var code = CouponCode.Create(Encoding.UTF8.GetBytes(secret), sendKey, prefix);

        Assert.Equal(expected, code);
        Assert.True(CouponCode.IsWellFormed(code), code);
    }
}
