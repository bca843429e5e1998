using System.Diagnostics;
using Microsoft.DurableTask.Client;
using Reactivation.Core.Sweeps;
using Reactivation.Functions.Hosting;
using Reactivation.Infra.Journeys;
using Reactivation.Infra.Sweeps;
using Reactivation.Infra.Telemetry;

namespace Reactivation.Functions.Handlers;

/// <summary>Consumes the sweep's hand-offs from <c>enrollments</c> and enrolls each user in the journey the entry rules pick.</summary>
public sealed class EnrollmentHandler(JourneyEnroller enroller, JourneyDefaults defaults)
{
    /// <summary>Enrollments of one message's batch in flight at once.</summary>
    private const int Parallelism = 4;

    /// <summary>Handles one message (a batch of hand-offs, or one of schema 1), starting orchestrations through <paramref name="client"/>.</summary>
    /// <returns>A line for the invocation log.</returns>
    /// <remarks>
    /// Every hand-off of the batch is tried even when one fails, and then the message fails as a whole, so the queue
    /// delivers it again: the hand-offs already enrolled start nothing the second time (enrollment keeps each user's
    /// last hand-off date), and the one that failed gets its retry.
    /// </remarks>
    public async Task<string> HandleAsync(string message, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var handoffs = HandoffMessages.Read(message);
        await defaults.EnsureInstalledAsync(cancellationToken).ConfigureAwait(false);
        var lines = new string[handoffs.Count];
        var failures = new System.Collections.Concurrent.ConcurrentQueue<Exception>();
        var options = new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, handoffs.Count), options, async (i, ct) =>
        {
            try
            {
                lines[i] = await EnrollAsync(handoffs[i], client, ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                failures.Enqueue(ex);
                lines[i] = $"{handoffs[i].HandoffId}: failed ({ex.GetType().Name})";
            }
        }).ConfigureAwait(false);
        if (!failures.IsEmpty)
        {
            throw new AggregateException($"{failures.Count} of {handoffs.Count} hand-offs failed to enroll: {string.Join("; ", lines)}", failures);
        }

        return string.Join("; ", lines);
    }

    private async Task<string> EnrollAsync(EnrollmentHandoff handoff, DurableTaskClient client, CancellationToken cancellationToken)
    {
        // The hand-off's trace goes on here: the orchestration's input takes this span's context, so its steps join it.
        using var span = ReactivationTelemetry.StartContinuing("enroll", ActivityKind.Consumer, handoff.TraceParent);
        span?.SetTag("reactivation.user.id", handoff.UserId).SetTag("reactivation.handoff.id", handoff.HandoffId);
        var result = await enroller.EnrollAsync(client, handoff, cancellationToken).ConfigureAwait(false);
        span?.SetTag("reactivation.enrollment.started", result.Started).SetTag("reactivation.instance.id", result.InstanceId);
        return result.Started ? $"{handoff.HandoffId}: started {result.InstanceId} ({result.Reason})" : $"{handoff.HandoffId}: no new journey ({result.Reason})";
    }
}
