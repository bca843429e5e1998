using Reactivation.Core.Journeys;
using Reactivation.Core.Journeys.Events;

namespace Reactivation.Core.Audit;

/// <summary>The audit entries of one journey decision: every send and every message not sent, from its typed events.</summary>
public static class JourneyAudit
{
    /// <summary>Entries for the sends, skips, deferrals and failures in <paramref name="decision"/>, taken on <paramref name="before"/>.</summary>
    /// <remarks>
    /// A send is deduplicated by its send key (it goes out once, however often its answer is committed); anything else
    /// by instance, sequence and position in the decision, as the why-not-sent ledger keys it, so deciding the same step
    /// again after a crash before the commit records it once.
    /// </remarks>
    public static IReadOnlyList<AuditEntry> Entries(JourneyState before, JourneyDecision decision) =>
        Entries(before, decision.Events, i => $"journey~{before.InstanceId}~{decision.State.Sequence:D8}~{i:D3}");

    /// <summary>Entries for <paramref name="events"/>, with non-send entries keyed by <paramref name="dedupeKey"/> of their position.</summary>
    public static IReadOnlyList<AuditEntry> Entries(JourneyState before, IReadOnlyList<JourneyEvent> events, Func<int, string> dedupeKey)
    {
        var entries = new List<AuditEntry>();
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            var (kind, sendKey) = e switch
            {
                Sent sent => (AuditKinds.Send, sent.SendKey),
                SendHeldOut or SendSkipped or SendSuppressed => (AuditKinds.Skip, null),
                SendDeferred => (AuditKinds.Defer, null),
                SendFailed => (AuditKinds.SendFailed, (string?)null),
                _ => ((string?)null, (string?)null),
            };
            if (kind is null || JourneyTimeline.Line(e) is not { } line)
            {
                continue;
            }

            entries.Add(new AuditEntry(e.At, kind, AuditActors.Journey(before.JourneyId), before.UserId, $"{before.JourneyId}/{line.Step}: {line.Kind}: {line.Detail}")
            {
                SendKey = sendKey,
                InstanceId = before.InstanceId,
                DedupeKey = sendKey is not null ? $"send~{sendKey}" : dedupeKey(i),
            });
        }

        return entries;
    }
}
