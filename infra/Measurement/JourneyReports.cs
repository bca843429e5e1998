using Reactivation.Core.Measurement;
using Reactivation.Infra.Journeys;

namespace Reactivation.Infra.Measurement;

/// <summary>Builds journey reports from the metrics table (never from raw history) and the journey's latest definition.</summary>
public sealed class JourneyReports(MetricsStore metrics, JourneyLibrary library, MeasurementOptions options, TimeProvider clock)
{
    /// <summary>The report of <paramref name="journeyId"/>, or null when there is no such journey.</summary>
    public async Task<JourneyReport?> BuildAsync(string journeyId, CancellationToken cancellationToken)
    {
        var definition = (await library.LatestAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(j => j.Id == journeyId);
        if (definition is null)
        {
            return null;
        }

        var rows = await metrics.ReadAsync(journeyId, cancellationToken).ConfigureAwait(false);
        return JourneyReportBuilder.Build(journeyId, definition.Name, definition.Measurement, rows, options.ReturnWindow, clock.GetUtcNow());
    }
}
