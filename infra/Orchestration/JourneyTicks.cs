using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Converters;

namespace Reactivation.Infra.Orchestration;

/// <summary>
/// How simulated time reaches journey orchestrations (the time-lapse demo, tests on a fake clock): after the app's
/// clock moves, every running instance the move can wake is sent a numbered clock tick, wakes, reads the clock through
/// <see cref="JourneyClock"/> and decides (one idle on a wait not yet due is left asleep: it would only go back to sleep); each reports in its custom status the highest tick it took and whether it is
/// idle, so the caller knows when the simulated moment's work is done.
/// </summary>
public static class JourneyTicks
{
    // Each look lists every running instance (a full scan of the instances table on Azurite).
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ResendAfter = TimeSpan.FromSeconds(15);

    // Numbered upwards across the process, starting from the wall clock so a restarted process numbers above its predecessor.
    private static long _last = DateTime.UtcNow.Ticks;

    /// <summary>Every instance not ended, as its custom status last described it (inputs are not fetched: that is the heaviest part of the query).</summary>
    public static async Task<IReadOnlyList<TickedInstance>> ActiveAsync(DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var query = new OrchestrationQuery(
            Statuses: [OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Suspended], PageSize: 1000, FetchInputsAndOutputs: false);
        var active = new List<TickedInstance>();
        await foreach (var metadata in client.GetAllInstancesAsync(query).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            // The metadata's own reader refuses a status fetched without inputs; the status is there all the same, written by the same converter.
            var status = metadata.SerializedCustomStatus is null ? null : JsonDataConverter.Default.Deserialize<JourneyStatus>(metadata.SerializedCustomStatus);
            active.Add(new TickedInstance(metadata.InstanceId, metadata.RuntimeStatus, status));
        }

        return active;
    }

    /// <summary>
    /// Sends a new tick to every running instance the clock at <paramref name="now"/> can move: all but those idle on a wait
    /// that is not yet due, which would wake only to go back to sleep (on a 35-day time-lapse of week-long waits, most of them).
    /// </summary>
    /// <returns>The tick's number and the instances it was sent to.</returns>
    public static Task<(long Tick, IReadOnlySet<string> Ticked)> TickAsync(DurableTaskClient client, DateTimeOffset now, int parallelism, CancellationToken cancellationToken) =>
        TickAsync(client, now, _ => false, parallelism, cancellationToken);

    /// <summary>
    /// Sends a new tick to every running instance the clock at <paramref name="now"/> can move and to those
    /// <paramref name="alsoWake"/> names whatever their due time: a tick is taken after the events raised before it, so
    /// waiting for it is waiting for them.
    /// </summary>
    /// <returns>The tick's number and the instances it was sent to.</returns>
    public static async Task<(long Tick, IReadOnlySet<string> Ticked)> TickAsync(
        DurableTaskClient client, DateTimeOffset now, Func<string, bool> alsoWake, int parallelism, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alsoWake);
        var tick = Interlocked.Increment(ref _last);
        var due = (await ActiveAsync(client, cancellationToken).ConfigureAwait(false))
            .Where(i => i.RuntimeStatus != OrchestrationRuntimeStatus.Suspended && (i.NeedsTickAt(now) || alsoWake(i.InstanceId)))
            .ToList();
        await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken }, async (instance, ct) =>
            await client.RaiseEventAsync(instance.InstanceId, JourneyTaskNames.InboundEvent, JourneyClock.TickEvent(tick, now), ct).ConfigureAwait(false)).ConfigureAwait(false);
        return (tick, due.Select(i => i.InstanceId).ToHashSet(StringComparer.Ordinal));
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
                    $"{first.Status?.State.Step ?? "its start"} waiting for {first.Status?.State.Waiting}, tick {first.Tick} of {tick}, idle {first.Idle}");
            }

            await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Ticks every running instance the clock can move and waits until each has taken the tick and is idle again.</summary>
    public static Task AdvanceAsync(DurableTaskClient client, DateTimeOffset now, TimeSpan patience, IProgress<int>? progress, CancellationToken cancellationToken) =>
        AdvanceAsync(client, now, _ => false, patience, progress, cancellationToken);

    /// <summary>
    /// Ticks every running instance the clock can move and those <paramref name="alsoWake"/> names (ones events were raised
    /// on), and waits until each has taken the tick and is idle again.
    /// </summary>
    public static async Task AdvanceAsync(
        DurableTaskClient client, DateTimeOffset now, Func<string, bool> alsoWake, TimeSpan patience, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        var (tick, ticked) = await TickAsync(client, now, alsoWake, 16, cancellationToken).ConfigureAwait(false);
        await SettleAsync(client, tick, ticked, patience, progress, cancellationToken).ConfigureAwait(false);
    }
}
