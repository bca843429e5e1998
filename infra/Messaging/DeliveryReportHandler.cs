using Reactivation.Core.Messaging;
using Reactivation.Infra.Journeys;

namespace Reactivation.Infra.Messaging;

/// <summary>
/// Applies a delivery report: finds its send through the <see cref="DeliveryIndex"/>, merges the status onto the send
/// record, and marks the contact point unusable after a hard bounce, a suppression, a recipient's block, or
/// <see cref="FailureStreak.BlockAfter"/> failures in a row.
/// </summary>
/// <remarks>
/// Every step is idempotent on its own and runs whether or not the send record changed, so a report redelivered after
/// a crash halfway finishes the work, and a duplicate does nothing new.
/// </remarks>
public sealed class DeliveryReportHandler(
    DeliveryIndex index, JourneyStore store, ContactBlocks blocks, FailureStreaks streaks, Measurement.MeasurementRecorder? measurement = null)
{
    /// <summary>Applies <paramref name="report"/>.</summary>
    public async Task<DeliveryOutcome> HandleAsync(DeliveryReport report, CancellationToken cancellationToken)
    {
        if (await index.FindAsync(report.MessageId, cancellationToken).ConfigureAwait(false) is not { } send)
        {
            return DeliveryOutcome.Unknown;
        }

        var changed = await store.RecordDeliveryAsync(send.InstanceId, send.SendKey, report, cancellationToken).ConfigureAwait(false);
        if (DeliveryStatuses.BlockReason(report) is { } reason)
        {
            await blocks.BlockAsync(send.UserId, send.Channel, send.Address, reason, cancellationToken).ConfigureAwait(false);
        }
        else if (DeliveryStatuses.IsFailure(report))
        {
            var streak = await streaks.RecordFailureAsync(send.UserId, send.Channel, send.Address, report.MessageId, report.At, cancellationToken).ConfigureAwait(false);
            if (streak.Blocks)
            {
                await blocks.BlockAsync(send.UserId, send.Channel, send.Address, $"{streak.Count} deliveries in a row failed, the last: {report.Detail ?? report.Status}",
                    cancellationToken).ConfigureAwait(false);
            }
        }
        else if (DeliveryStatuses.IsDelivered(report))
        {
            await streaks.RecordDeliveryAsync(send.UserId, send.Channel, send.Address, report.At, cancellationToken).ConfigureAwait(false);
            await (measurement?.DeliveredAsync(send.SendKey, report.At, cancellationToken) ?? Task.CompletedTask).ConfigureAwait(false);
        }

        return changed ? DeliveryOutcome.Recorded : DeliveryOutcome.Unchanged;
    }
}
