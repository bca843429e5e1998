using Reactivation.Functions.Hosting;
using Reactivation.Infra.Sweeps;

namespace Reactivation.Functions.Handlers;

/// <summary>The daily sweep timer: starts the day's sweep and fans out one message per shard.</summary>
/// <remarks>A timer is not retried by the host, so a failed start is re-driven by the next firing or by <c>sweep run</c>.</remarks>
public sealed class DailySweepHandler(SweepRunner runner) : ITimerHandler
{
    /// <inheritdoc />
    public async Task<string> HandleAsync(DateTimeOffset scheduledAt, CancellationToken cancellationToken)
    {
        var run = await runner.StartAsync(scheduledAt, cancellationToken).ConfigureAwait(false);
        return $"sweep {run.SweepDate:yyyy-MM-dd} started for {run.Users} users over {run.ShardCount} shards (as of {run.AsOf:O})";
    }
}
