using Reactivation.Core.Measurement;
using Reactivation.Core.Measurement.Alerts;
using Reactivation.Functions.Hosting;
using Reactivation.Infra.Journeys;
using Reactivation.Infra.Measurement;

namespace Reactivation.Functions.Handlers;

/// <summary>
/// The daily measurement timer: rolls up what is left of the day before, then runs the alert rules over the metrics
/// table (activation under target for weeks running, channel cost per reactivation over its benchmark, send failures)
/// and posts new alerts to the signed webhook.
/// </summary>
public sealed class MeasurementDailyHandler(MetricsStore metrics, JourneyLibrary library, AlertRun alerts, TimeProvider clock) : ITimerHandler
{
    /// <inheritdoc />
    public async Task<string> HandleAsync(DateTimeOffset scheduledAt, CancellationToken cancellationToken)
    {
        var rolled = await metrics.RollUpAsync(cancellationToken).ConfigureAwait(false);
        var now = clock.GetUtcNow();
        var today = MetricFact.DayOf(now);
        var rows = await metrics.ReadDaysAsync(today.AddDays(-7 * (AlertInputsFromMetrics.WeeksBack + 1)), today, cancellationToken).ConfigureAwait(false);
        var targets = (await library.LatestAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(j => j.Id, j => j.Measurement.ActivationTarget, StringComparer.Ordinal);
        var result = await alerts.RunAsync(AlertInputsFromMetrics.Build(rows, targets, now), now, cancellationToken).ConfigureAwait(false);
        return $"measurement: {rolled.Count} journey days rolled up; {result.Raised.Count} alerts raised, {result.New.Count} new, {result.Delivered.Count} posted, {result.Failed.Count} not posted";
    }
}
