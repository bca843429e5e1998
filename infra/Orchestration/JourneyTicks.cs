using Microsoft.DurableTask.Client;

namespace Reactivation.Infra.Orchestration;

/// <summary>
/// How simulated time reaches journey orchestrations (the time-lapse demo, tests on a fake clock): after the app's
/// clock moves, every running instance is sent a numbered clock tick, wakes, reads the clock through
/// <see cref="JourneyClock"/> and decides; each reports in its custom status the highest tick it took and whether it is
/// idle, so the caller knows when the simulated moment's work is done.
/// </summary>
public static class JourneyTicks
{
    // Each look lists every running instance with its input, the heaviest query a time-lapse makes of the task hub.
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ResendAfter = TimeSpan.FromSeconds(15);

    // Numbered upwards across the process, starting from the wall clock so a restarted process numbers above its predecessor.
    private static long _last = DateTime.UtcNow.Ticks;

    /// <summary>Every instance not ended, with its state.</summary>
    public static async Task<IReadOnlyList<JourneyInstance>> ActiveAsync(DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var query = new OrchestrationQuery(
            Statuses: [OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Suspended], PageSize: 1000, FetchInputsAndOutputs: true);
        var active = new List<JourneyInstance>();
        await foreach (var metadata in client.GetAllInstancesAsync(query).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (JourneyInstance.From(metadata) is { } instance)
            {
                active.Add(instance);
            }
        }

        return active;
    }

    /// <summary>Sends a new tick to every running instance.</summary>
    /// <returns>The tick's number and the instances it was sent to.</returns>
    public static async Task<(long Tick, IReadOnlySet<string> Ticked)> TickAsync(DurableTaskClient client, DateTimeOffset now, int parallelism, CancellationToken cancellationToken)
    {
        var tick = Interlocked.Increment(ref _last);
        var running = (await ActiveAsync(client, cancellationToken).ConfigureAwait(false)).Where(i => i.RuntimeStatus != OrchestrationRuntimeStatus.Suspended).ToList();
        await Parallel.ForEachAsync(running, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken }, async (instance, ct) =>
            await client.RaiseEventAsync(instance.InstanceId, JourneyTaskNames.InboundEvent, JourneyClock.TickEvent(tick, now), ct).ConfigureAwait(false)).ConfigureAwait(false);
        return (tick, running.Select(i => i.InstanceId).ToHashSet(StringComparer.Ordinal));
    }

    /// <summary>
    /// Waits until every running instance is idle, those in <paramref name="ticked"/> having taken tick
    /// <paramref name="tick"/> (instances started since read the moved clock anyway). Suspended instances are not waited for.
    /// </summary>
    /// <param name="client">Durable's client.</param>
    /// <param name="tick">The tick sent, or 0 to wait only for idleness.</param>
    /// <param name="ticked">The instances it was sent to.</param>
    /// <param name="patience">How long to wait before giving up.</param>
    /// <param name="progress">Told how many instances are still busy after each look.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <exception cref="TimeoutException">Some instance was still busy after <paramref name="patience"/>.</exception>
    public static async Task SettleAsync(
        DurableTaskClient client, long tick, IReadOnlySet<string> ticked, TimeSpan patience, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticked);
        var deadline = DateTimeOffset.UtcNow + patience;
        var resent = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        while (true)
        {
            var busy = (await ActiveAsync(client, cancellationToken).ConfigureAwait(false))
                .Where(i => i.RuntimeStatus != OrchestrationRuntimeStatus.Suspended && (!i.Idle || (ticked.Contains(i.InstanceId) && i.Tick < tick)))
                .ToList();
            progress?.Report(busy.Count);
            if (busy.Count == 0)
            {
                return;
            }

            // The provider drops an event that reaches an instance before its start does: an instance that waits idle
            // without the tick is sent it again (the tick is taken once, whichever copy arrives). Not sooner than
            // ResendAfter: each copy is a message the instance replays for, and on a loaded machine resending every
            // few seconds fed the very backlog that kept instances from taking the first copy.
            foreach (var missed in busy.Where(i => i.Idle && ticked.Contains(i.InstanceId) && i.Tick < tick))
            {
                if (!resent.TryGetValue(missed.InstanceId, out var at) || DateTimeOffset.UtcNow - at > ResendAfter)
                {
                    resent[missed.InstanceId] = DateTimeOffset.UtcNow;
                    await client.RaiseEventAsync(missed.InstanceId, JourneyTaskNames.InboundEvent, JourneyClock.TickEvent(tick, DateTimeOffset.UtcNow), cancellationToken)
                        .ConfigureAwait(false);
                }
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                var first = busy[0];
                throw new TimeoutException(
                    $"{busy.Count} journey instance(s) were still busy after {patience.TotalSeconds:0} s; the first, {first.InstanceId}, is {first.RuntimeStatus} at " +
                    $"{first.State.Step ?? "its start"} waiting for {first.State.Waiting}, tick {first.Tick} of {tick}, idle {first.Idle}");
            }

            await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Ticks every running instance and waits until each has taken the tick and is idle again.</summary>
    public static async Task AdvanceAsync(DurableTaskClient client, DateTimeOffset now, TimeSpan patience, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        var (tick, ticked) = await TickAsync(client, now, 16, cancellationToken).ConfigureAwait(false);
        await SettleAsync(client, tick, ticked, patience, progress, cancellationToken).ConfigureAwait(false);
    }
}
