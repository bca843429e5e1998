using Reactivation.Core.Journeys;

namespace Reactivation.Core.Audit;

/// <summary>The audit entries of one journey decision: every send and every message not sent, from the history it adds.</summary>
public static class JourneyAudit
{
    /// <summary>Entries for the sends, skips, deferrals and failures in <paramref name="decision"/>, taken on <paramref name="before"/>.</summary>
    /// <remarks>
    /// A send is deduplicated by its send key (it goes out once, however often its answer is committed); anything else
    /// by instance, sequence and position in the decision, as the why-not-sent ledger keys it, so deciding the same step
    /// again after a crash before the commit records it once.
    /// </remarks>
    public static IReadOnlyList<AuditEntry> Entries(JourneyState before, JourneyDecision decision)
    {
        var entries = new List<AuditEntry>();
        for (var i = 0; i < decision.History.Count; i++)
        {
            var line = decision.History[i];
            if (KindOf(line.Kind) is not { } kind)
            {
                continue;
            }

            var sendKey = kind == AuditKinds.Send ? before.PendingSendKey : null;
            entries.Add(new AuditEntry(line.At, kind, AuditActors.Journey(before.JourneyId), before.UserId, $"{before.JourneyId}/{line.Step}: {line.Kind}: {line.Detail}")
            {
                SendKey = sendKey,
                InstanceId = before.InstanceId,
                DedupeKey = sendKey is not null ? $"send~{sendKey}" : $"journey~{before.InstanceId}~{decision.State.Sequence:D8}~{i:D3}",
            });
        }

        return entries;
    }

    private static string? KindOf(string historyKind) => historyKind switch
    {
        "sent" => AuditKinds.Send,
        "skipped" or "heldOut" or "suppressed" => AuditKinds.Skip,
        "deferred" => AuditKinds.Defer,
        "sendFailed" => AuditKinds.SendFailed,
        _ => null,
    };
}
