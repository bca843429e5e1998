using System.Diagnostics;
using System.Text.Json;
using Reactivation.Core.Sweeps;
using Reactivation.Infra.Storage;
using Reactivation.Infra.Telemetry;

namespace Reactivation.Infra.Sweeps;

/// <summary>
/// Publishes hand-offs to the <c>enrollments</c> queue, one message each, with no expiry; when traces are exported each
/// hand-off starts its own trace, whose <c>traceparent</c> the message carries to enrollment.
/// </summary>
public sealed class QueueHandoffPublisher(StorageAccount account) : IHandoffPublisher
{
    /// <inheritdoc />
    public async Task PublishAsync(IReadOnlyList<EnrollmentHandoff> handoffs, CancellationToken cancellationToken = default)
    {
        if (handoffs.Count == 0)
        {
            return;
        }

        var queue = await account.QueueAsync(QueueNames.Enrollments, cancellationToken).ConfigureAwait(false);
        var options = new ParallelOptions { MaxDegreeOfParallelism = account.Options.Parallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(handoffs, options, async (handoff, ct) =>
        {
            using var span = ReactivationTelemetry.StartRoot("handoff publish", ActivityKind.Producer);
            span?.SetTag("reactivation.user.id", handoff.UserId).SetTag("reactivation.handoff.id", handoff.HandoffId).SetTag("reactivation.handoff.reason", handoff.Reason.ToString());
            var message = span is null ? handoff : handoff with { TraceParent = span.Id };
            await queue.SendMessageAsync(JsonSerializer.Serialize(message, SweepJson.Options), timeToLive: TimeSpan.FromSeconds(-1), cancellationToken: ct)
                .ConfigureAwait(false);
            ReactivationTelemetry.Handoffs.Add(1, new KeyValuePair<string, object?>("reason", handoff.Reason.ToString()));
        }).ConfigureAwait(false);
    }
}
