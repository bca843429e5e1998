using Reactivation.Infra.Measurement;

namespace Reactivation.Functions.Api;

/// <summary><c>GET /api/reports/journeys/{journeyId}</c>: the journey's report, from the metrics table.</summary>
public static class ReportsApi
{
    /// <summary>200 with the report as JSON, or 404 when there is no such journey.</summary>
    public static async Task<IResult> GetJourneyAsync(string journeyId, JourneyReports reports, CancellationToken cancellationToken)
    {
        var report = await reports.BuildAsync(journeyId, cancellationToken).ConfigureAwait(false);
        return report is null ? Problems.NotFound($"No journey '{journeyId}'.") : TypedResults.Ok(report);
    }
}
