using System.Diagnostics;
using OpenTelemetry;
using Reactivation.Core.Privacy;

namespace Reactivation.Functions.Logging;

/// <summary>
/// Masks phone numbers and email addresses in every span before an exporter sees it: its name, its string attributes
/// and its status text, whichever instrumentation (ours, HttpClient's, ASP.NET Core's) wrote them. A span with contact
/// data in an event is withheld from every exporter instead.
/// </summary>
/// <remarks>
/// Registered ahead of every exporter, so the raw values never leave the process. An event's name and attributes cannot
/// be rewritten once added (the runtime copies them into a list of its own), so withholding the span is the only way to
/// keep them in; the instrumentations are set not to record exceptions as events, so this is rare.
/// </remarks>
public sealed class MaskingSpanProcessor : BaseProcessor<Activity>
{
    /// <inheritdoc />
    public override void OnEnd(Activity data)
    {
        ArgumentNullException.ThrowIfNull(data);
        data.DisplayName = ContactMask.MaskText(data.DisplayName);
        foreach (var (key, value) in data.TagObjects.ToList())
        {
            if (value is string text && ContactMask.MaskText(text) is var masked && masked != text)
            {
                data.SetTag(key, masked);
            }
        }

        if (data.StatusDescription is { } description && ContactMask.MaskText(description) is var maskedStatus && maskedStatus != description)
        {
            data.SetStatus(data.Status, maskedStatus);
        }

        if (data.Events.Any(HoldsContactData))
        {
            // The export processors pass over a span that is not recorded.
            data.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
        }
    }

    private static bool HoldsContactData(ActivityEvent item) =>
        HoldsContactData(item.Name) || item.Tags.Any(t => t.Value is string text && HoldsContactData(text));

    private static bool HoldsContactData(string text) => ContactMask.MaskText(text) != text;
}
