using FsCheck;
using FsCheck.Xunit;
using Reactivation.Core.Privacy;
using Xunit;

namespace Reactivation.Core.Tests.Privacy;

public sealed class ContactMaskTests
{
    [Theory]
    [InlineData("+8613800131234", "+86*******1234")]
    [InlineData("+14155550123", "+1******0123")]
    [InlineData("+85291234567", "+852****4567")]
    [InlineData("13800131234", "*******1234")]
    [InlineData("123", "***")]
    public void Phone_numbers_keep_the_country_code_and_last_four_digits(string phone, string masked) =>
        Assert.Equal(masked, ContactMask.Phone(phone));

    [Theory]
    [InlineData("alice@example.com", "a***@example.com")]
    [InlineData("b@x.cn", "b***@x.cn")]
    [InlineData("not-an-address", "***")]
    public void Addresses_keep_the_first_character_and_the_domain(string email, string masked) =>
        Assert.Equal(masked, ContactMask.Email(email));

    [Fact]
    public void Contact_data_inside_a_log_line_is_masked_and_the_rest_is_left_alone()
    {
        var line = ContactMask.MaskText("sent standard~u42~1~sms~1 to +8613800131234 and alice.w@example.com (attempt 2)");

        Assert.Equal("sent standard~u42~1~sms~1 to +86*******1234 and a***@example.com (attempt 2)", line);
    }

    [Property(MaxTest = 500, QuietOnSuccess = true)]
    public bool No_masked_phone_shows_more_than_its_country_code_and_last_four_digits(PositiveInt seed)
    {
        var digits = (seed.Get * 7919L % 9_000_000_000L + 1_000_000_000L).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var phone = "+86" + digits;
        var masked = ContactMask.MaskText($"to {phone}.");
        return !masked.Contains(digits[..^4], StringComparison.Ordinal) && masked.Contains(digits[^4..], StringComparison.Ordinal);
    }
}
