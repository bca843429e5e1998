using System.Text;

namespace Reactivation.Core.Tracking;

/// <summary>
/// The campaign parameters a click-back adds to its destination, so the site's analytics credit the visit to the
/// journey: <c>utm_source</c>, <c>utm_medium</c> (sms or email), <c>utm_campaign</c> (the journey) and <c>utm_content</c>
/// (the step, and the split variant after a dash).
/// </summary>
public static class UtmParameters
{
    /// <summary>The default <c>utm_source</c>.</summary>
    public const string DefaultSource = "reactivation";

    /// <summary>
    /// <paramref name="destination"/> with the campaign parameters appended; any the destination already sets are kept as
    /// they are (the marketer who wrote them meant them), and the fragment stays last.
    /// </summary>
    /// <param name="destination">An absolute URL.</param>
    /// <param name="journey">The journey id (<c>utm_campaign</c>).</param>
    /// <param name="step">The send step (<c>utm_content</c>).</param>
    /// <param name="variant">The split variant, if any (appended to <c>utm_content</c>).</param>
    /// <param name="medium">The channel, lower-case (<c>utm_medium</c>); omitted when unknown.</param>
    /// <param name="source">The <c>utm_source</c>.</param>
    public static string Append(string destination, string journey, string step, string? variant, string? medium, string source = DefaultSource)
    {
        var hashAt = destination.IndexOf('#', StringComparison.Ordinal);
        var (head, fragment) = hashAt < 0 ? (destination, "") : (destination[..hashAt], destination[hashAt..]);
        var queryAt = head.IndexOf('?', StringComparison.Ordinal);
        var existing = queryAt < 0 ? [] : head[(queryAt + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => Uri.UnescapeDataString(pair.Split('=', 2)[0]))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);

        var added = new StringBuilder();
        Add("utm_source", source);
        Add("utm_medium", medium);
        Add("utm_campaign", journey);
        Add("utm_content", string.IsNullOrEmpty(variant) ? step : $"{step}-{variant}");
        if (added.Length == 0)
        {
            return destination;
        }

        var separator = queryAt < 0 ? "?" : head.EndsWith('?') || head.EndsWith('&') ? "" : "&";
        return head + separator + added.ToString(1, added.Length - 1) + fragment;

        void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value) && !existing.Contains(name))
            {
                added.Append('&').Append(name).Append('=').Append(Uri.EscapeDataString(value));
            }
        }
    }
}
