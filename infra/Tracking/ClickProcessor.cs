using Microsoft.DurableTask.Client;
using Reactivation.Core.Audit;
using Reactivation.Core.Journeys;
using Reactivation.Core.Links;
using Reactivation.Core.Tracking;
using Reactivation.Infra.Audit;
using Reactivation.Infra.Journeys;
using Reactivation.Infra.Links;
using Reactivation.Infra.Policy;

namespace Reactivation.Infra.Tracking;

/// <summary>
/// Credits a queued click: classifies it against the send's delivery time, stores it, and for the send's first human
/// click raises the journey's <c>click</c>. Safe to run again for the same message (a redelivery after a crash).
/// </summary>
public sealed class ClickProcessor(
    SignedLinkOptions options, JourneyStore store, ClickLedger clicks, JourneyEvents events, ContactLedger ledger, AuditTrail audit,
    Measurement.MeasurementRecorder? measurement = null)
{
    /// <summary>Processes <paramref name="pending"/>; answers the stored click and whether this run raised the journey's event.</summary>
    public async Task<(ClickRecord Click, bool Raised)> ProcessAsync(DurableTaskClient client, PendingClick pending, CancellationToken cancellationToken)
    {
        var send = SendKeyParts.TryParse(pending.SendKey) ?? throw new ArgumentException($"'{pending.SendKey}' is not a send key", nameof(pending));
        var sent = await store.GetSendAsync(send.InstanceId, pending.SendKey, cancellationToken).ConfigureAwait(false);
        var (kind, why) = ClickClassifier.Classify(new ClickRequest(pending.Method, pending.UserAgent, pending.Purpose, pending.At, sent?.ReachedAt), options.ScannerWindow);
        var click = new ClickRecord(pending.SendKey, pending.ClickId, pending.At, kind, why, pending.Method, pending.UserAgent, pending.Destination);
        var first = await clicks.RecordAsync(click, cancellationToken).ConfigureAwait(false);
        await audit.RecordAsync(
            new AuditEntry(click.At, AuditKinds.Click, kind == ClickKind.Human ? AuditActors.User : "scanner", send.UserId,
                $"{send.JourneyId}/{send.StepId}: {(kind == ClickKind.Human ? "human" : $"scanner ({why})")} click{(first ? ", the send's first: click raised" : "")}")
            {
                SendKey = pending.SendKey, InstanceId = send.InstanceId, DedupeKey = "click~" + pending.ClickId,
            },
            cancellationToken).ConfigureAwait(false);
        if (!first)
        {
            return (click, false);
        }

        await (measurement?.ClickedAsync(pending.SendKey, click.At, cancellationToken) ?? Task.CompletedTask).ConfigureAwait(false);
        await RaiseAsync(client, send, click, sent?.Channel, cancellationToken).ConfigureAwait(false);
        return (click, true);
    }

    private async Task RaiseAsync(DurableTaskClient client, SendKeyParts send, ClickRecord click, Channel? channel, CancellationToken cancellationToken)
    {
        // One event id per send, so a redelivered message raises nothing twice.
        var raised = await events.RaiseAsync(client, send.InstanceId, JourneyEventNames.Click, $"click~{send.StepId}~{send.Visit}", channel, click.At, cancellationToken)
            .ConfigureAwait(false);

        // A running journey records the engagement as it takes the event; a click after the journey ended is still an answer.
        if (raised is RaiseOutcome.NotFound or RaiseOutcome.Gone)
        {
            await ledger.RecordEngagementAsync(send.UserId, click.At, cancellationToken).ConfigureAwait(false);
        }
    }
}
