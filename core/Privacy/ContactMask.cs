using System.Text.RegularExpressions;

namespace Reactivation.Core.Privacy;

/// <summary>
/// Masks contact data for logs and screens: <c>+8613800138000</c> becomes <c>+86*******8000</c> and
/// <c>alice@example.com</c> becomes <c>a***@example.com</c>. <see cref="MaskText"/> finds and masks both inside free text.
/// </summary>
/// <remarks>
/// The country code and last four digits stay, which is what support needs to tell two numbers apart; the rest of an
/// E.164 number is starred digit for digit, so the length still shows. An address keeps its first character and domain.
/// </remarks>
public static partial class ContactMask
{
    /// <summary>The masked phone number (anything not E.164 is starred whole, keeping its last four characters).</summary>
    public static string Phone(string phone)
    {
        var match = E164().Match(phone);
        if (!match.Success)
        {
            return phone.Length <= 4 ? new string('*', phone.Length) : new string('*', phone.Length - 4) + phone[^4..];
        }

        var country = CountryCode(match.Groups[1].Value);
        var rest = match.Groups[1].Value[country.Length..];
        return rest.Length <= 4 ? "+" + country + new string('*', rest.Length) : "+" + country + new string('*', rest.Length - 4) + rest[^4..];
    }

    /// <summary>The masked address: first character, three stars, the domain.</summary>
    public static string Email(string email)
    {
        var at = email.LastIndexOf('@');
        return at <= 0 ? new string('*', Math.Min(email.Length, 3)) : email[0] + "***" + email[at..];
    }

    /// <summary>Masks every phone number and email address in <paramref name="text"/>.</summary>
    public static string MaskText(string text) =>
        EmailInText().Replace(PhoneInText().Replace(text, m => Phone(m.Value)), m => Email(m.Value));

    // Country calling codes are 1 to 3 digits and prefix-free; the common ones are listed, others keep their first digit.
    private static string CountryCode(string digits)
    {
        foreach (var code in new[] { "852", "853", "886", "86", "1", "44", "49", "33", "81", "82", "61", "65", "91", "7" })
        {
            if (digits.StartsWith(code, StringComparison.Ordinal))
            {
                return code;
            }
        }

        return digits[..1];
    }

    [GeneratedRegex(@"^\+([1-9][0-9]{6,14})$")]
    private static partial Regex E164();

    [GeneratedRegex(@"\+[1-9][0-9]{6,14}\b")]
    private static partial Regex PhoneInText();

    [GeneratedRegex(@"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")]
    private static partial Regex EmailInText();
}
