using System.Text.RegularExpressions;

namespace Reactivation.Core.Measurement;

/// <summary>
/// A skip's reason as a report groups it: the history detail without the parts that differ per message (times, counts,
/// ids after a colon or in brackets), so "quiet hours until 09:00" and "quiet hours until 10:00" count as one reason.
/// </summary>
public static partial class SkipReason
{
    private const int MaxLength = 80;

    /// <summary>The reason for grouping.</summary>
    /// <param name="kind">The history kind (<c>skipped</c> or <c>suppressed</c>).</param>
    /// <param name="detail">The history detail.</param>
    public static string Normalize(string kind, string? detail)
    {
        var text = (detail ?? "").Trim();
        var cut = text.IndexOfAny([':', '(', ';']);
        text = cut >= 0 ? text[..cut] : text;
        text = Digits().Replace(text, "#").Trim().TrimEnd('.', ',');
        text = text.Length == 0 ? kind : kind == "suppressed" ? $"suppressed: {text}" : text;
        return text.Length <= MaxLength ? text : text[..MaxLength];
    }

    [GeneratedRegex(@"[0-9][0-9.,:\-TZ+]*")]
    private static partial Regex Digits();
}
