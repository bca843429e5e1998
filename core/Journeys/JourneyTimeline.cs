using System.Globalization;
using Reactivation.Core.Journeys.Events;

namespace Reactivation.Core.Journeys;

/// <summary>The readable timeline of typed journey events: what the status API's history and <c>simulate</c> print.</summary>
public static class JourneyTimeline
{
    /// <summary>The lines for <paramref name="events"/> (step entries have none of their own).</summary>
    public static IReadOnlyList<HistoryEntry> Lines(IEnumerable<JourneyEvent> events) =>
        events.Select(Line).OfType<HistoryEntry>().ToList();

    /// <summary>How many lines <paramref name="events"/> show as.</summary>
    public static int CountLines(IEnumerable<JourneyEvent> events) => events.Count(e => e is not StepEntered);

    /// <summary>The line for one event, or null for one that shows as none.</summary>
    public static HistoryEntry? Line(JourneyEvent e) => e switch
    {
        StepEntered => null,
        Enrolled enrolled => new(e.At, "enrolled", null, $"{enrolled.JourneyKey}: {enrolled.Why}{(enrolled.Control ? " (journey control)" : enrolled.HeldOut ? " (held out)" : "")}"),
        Started started => new(e.At, "started", null, started.HeldOut ? "held out: nothing will be sent" : null),
        SendHeldOut held => new(e.At, "heldOut", held.StepId, held.Detail),
        SendSkipped skipped => new(e.At, "skipped", skipped.StepId, skipped.Detail),
        SendDecided send => new(e.At, "sending", send.StepId, $"{send.Template} by {Name(send.Channel)}, attempt {send.Attempt}{(send.Note is null ? "" : $" ({send.Note})")}"),
        Sent sent => new(e.At, "sent", sent.StepId, sent.ProviderId is null ? sent.SendKey : $"{sent.SendKey} ({sent.ProviderId})"),
        SendDeferred deferred => new(e.At, "deferred", deferred.StepId, deferred.Detail),
        SendSuppressed suppressed => new(e.At, "suppressed", suppressed.StepId, suppressed.Detail),
        RetryScheduled retry => new(e.At, "retryScheduled", retry.StepId, $"attempt {retry.FailedAttempt} failed ({retry.Detail}); attempt {retry.FailedAttempt + 1} at {Stamp(retry.RetryAt)}"),
        SendFailed failed => new(e.At, "sendFailed", failed.StepId, failed.Detail),
        WaitStarted wait => new(e.At, "waiting", wait.StepId, WaitingText(wait)),
        Waited waited => new(e.At, "waited", waited.StepId, WaitedText(waited)),
        TimedOut timedOut => new(e.At, "timedOut", timedOut.StepId, $"no {string.Join(" or ", timedOut.Events)} within {DurationText.Format(timedOut.Timeout)}"),
        EventReceived received => new(e.At, "eventReceived", received.StepId, ReceivedText(received)),
        EventIgnored ignored => new(e.At, "eventIgnored", ignored.StepId, $"{ignored.Name} ({ignored.EventId}) happened before the journey started"),
        Branched branched => new(e.At, "branched", branched.StepId, branched.Case is { } index ? $"case {index} -> {branched.Next}" : $"otherwise -> {branched.Next}"),
        VariantAssigned assigned => new(e.At, "assigned", assigned.StepId, $"variant {assigned.Variant} -> {assigned.Next}"),
        Exited exited => new(e.At, exited.Outcome == JourneyOutcome.Terminated ? "terminated" : "exited", exited.StepId, $"{Name(exited.Outcome)}: {exited.Reason}"),
        _ => new(e.At, e.GetType().Name, e.Step, null),
    };

    private static string WaitingText(WaitStarted wait) =>
        wait.ForEvents ? $"for {string.Join(" or ", wait.Events)} until {Stamp(wait.Until)}"
        : wait.OfferStep is { } offer ? $"until {Stamp(wait.Until)}, before the offer from {offer} expires at {Stamp(wait.OfferExpiresAt!.Value)}"
        : $"until {Stamp(wait.Until)}";

    private static string? WaitedText(Waited waited) => waited.End switch
    {
        WaitEnd.InsideWindow => "inside the window already",
        WaitEnd.NoOffer => $"{waited.OfferStep} issued no offer",
        WaitEnd.OfferExpired => $"the offer from {waited.OfferStep} expired at {Stamp(waited.OfferExpiresAt!.Value)}",
        WaitEnd.InsideReminderTime => $"the offer from {waited.OfferStep} expires at {Stamp(waited.OfferExpiresAt!.Value)}, already inside the reminder time",
        _ => null,
    };

    private static string ReceivedText(EventReceived received) =>
        received.Name == JourneyEventNames.OptOut && !received.Awaited
            ? $"{received.Name} ({received.EventId}) from {(received.Channel is { } channel ? Name(channel) : "every channel")}"
            : $"{received.Name} ({received.EventId})";

    private static string Stamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Name<T>(T value)
        where T : struct, Enum
    {
        var text = value.ToString();
        return char.ToLowerInvariant(text[0]) + text[1..];
    }
}
