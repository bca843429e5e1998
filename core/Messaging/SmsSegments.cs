namespace Reactivation.Core.Messaging;

/// <summary>
/// How many SMS segments a text takes: GSM-7 when every character is in the GSM 03.38 alphabet (160 septets, or 153 per
/// segment when split, extension characters costing two), otherwise UCS-2 (70 UTF-16 units, or 67 per segment when split),
/// which is what any Chinese text is.
/// </summary>
public static class SmsSegments
{
    private const string Basic =
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

    private const string Extension = "^{}\\[~]|€\f";

    /// <summary>The encoding a text needs.</summary>
    public static SmsEncoding EncodingOf(string text) =>
        text.All(c => Basic.Contains(c, StringComparison.Ordinal) || Extension.Contains(c, StringComparison.Ordinal)) ? SmsEncoding.Gsm7 : SmsEncoding.Ucs2;

    /// <summary>The encoding, the length in its units, and the number of segments.</summary>
    public static (SmsEncoding Encoding, int Units, int Segments) Count(string text)
    {
        if (EncodingOf(text) == SmsEncoding.Gsm7)
        {
            var septets = text.Sum(c => Extension.Contains(c, StringComparison.Ordinal) ? 2 : 1);
            return (SmsEncoding.Gsm7, septets, septets <= 160 ? 1 : (septets + 152) / 153);
        }

        return (SmsEncoding.Ucs2, text.Length, text.Length <= 70 ? 1 : (text.Length + 66) / 67);
    }
}

/// <summary>SMS character encodings.</summary>
public enum SmsEncoding
{
    /// <summary>The GSM 03.38 7-bit alphabet.</summary>
    Gsm7,

    /// <summary>UCS-2 (16 bits a character): anything outside GSM-7, Chinese included.</summary>
    Ucs2,
}
