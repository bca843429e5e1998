using System.Diagnostics;
using Reactivation.Core.Sweeps;
using Reactivation.Infra.Storage;
using Reactivation.Infra.Telemetry;

namespace Reactivation.Infra.Sweeps;

/// <summary>
/// Publishes hand-offs to the <c>enrollments</c> queue, packed into batches (<see cref="HandoffMessages"/>) with no
/// expiry, each hidden until its first hand-off's release; when traces are exported each hand-off starts its own trace,
/// whose <c>traceparent</c> it carries to enrollment.
/// </summary>
/// <remarks>
/// One message per batch rather than per hand-off: a first sweep hands off most of the population, and one queue put
/// per user made it run at a fifteenth of the scan's rate. The release is a message's initial invisibility, so the
/// pace holds however many consumers scale out, and a republished page gets the same release as the first time.
/// </remarks>
public sealed class QueueHandoffPublisher(StorageAccount account, HandoffPacing pacing, TimeProvider clock) : IHandoffPublisher
{
    /// <summary>The longest a queue message may stay hidden is seven days; a release later than that is capped just inside it.</summary>
    private static readonly TimeSpan LongestHidden = TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1);

    /// <inheritdoc />
    public async Task PublishAsync(IReadOnlyList<EnrollmentHandoff> handoffs, HandoffRelease release, CancellationToken cancellationToken = default)
    {
        if (handoffs.Count == 0)
        {
            return;
        }

        var traced = handoffs.Select(Traced).ToArray();
        var queue = await account.QueueAsync(QueueNames.Enrollments, cancellationToken).ConfigureAwait(false);
        var options = new ParallelOptions { MaxDegreeOfParallelism = account.Options.Parallelism, CancellationToken = cancellationToken };
        var now = clock.GetUtcNow();
        await Parallel.ForEachAsync(HandoffMessages.Pack(traced, pacing.PerMessage), options, async (message, ct) =>
        {
            var hidden = release.At(message.FirstIndex) - now;
            var visibility = hidden <= TimeSpan.Zero ? (TimeSpan?)null : hidden > LongestHidden ? LongestHidden : hidden;
            await queue.SendMessageAsync(message.Body, visibility, timeToLive: TimeSpan.FromSeconds(-1), cancellationToken: ct).ConfigureAwait(false);
        }).ConfigureAwait(false);
        foreach (var reason in handoffs.GroupBy(h => h.Reason))
        {
            ReactivationTelemetry.Handoffs.Add(reason.Count(), new KeyValuePair<string, object?>("reason", reason.Key.ToString()));
        }
    }

    private static EnrollmentHandoff Traced(EnrollmentHandoff handoff)
    {
        using var span = ReactivationTelemetry.StartRoot("handoff publish", ActivityKind.Producer);
        span?.SetTag("reactivation.user.id", handoff.UserId).SetTag("reactivation.handoff.id", handoff.HandoffId).SetTag("reactivation.handoff.reason", handoff.Reason.ToString());
        return span is null ? handoff : handoff with { TraceParent = span.Id };
    }
}
