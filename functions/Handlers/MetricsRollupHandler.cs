using Reactivation.Functions.Hosting;
using Reactivation.Infra.Measurement;

namespace Reactivation.Functions.Handlers;

/// <summary>The roll-up timer: folds the facts of every day that has new ones into the metrics table that reports read.</summary>
public sealed class MetricsRollupHandler(MetricsStore metrics) : ITimerHandler
{
    /// <inheritdoc />
    public async Task<string> HandleAsync(DateTimeOffset scheduledAt, CancellationToken cancellationToken)
    {
        var days = await metrics.RollUpAsync(cancellationToken).ConfigureAwait(false);
        return $"metrics roll-up: {days.Count} journey days rolled up";
    }
}
