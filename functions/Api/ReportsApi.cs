using Reactivation.Functions.Pages;
using Reactivation.Infra.Measurement;

namespace Reactivation.Functions.Api;

/// <summary><c>GET /api/reports/journeys/{journeyId}</c>: the journey's report, from the metrics table, as JSON or as a page.</summary>
public static class ReportsApi
{
    /// <summary>
    /// 200 with the report: an HTML page with server-drawn charts for a browser (<c>Accept: text/html</c>, or
    /// <c>?format=html</c>), JSON otherwise; 404 when there is no such journey.
    /// </summary>
    public static async Task<IResult> GetJourneyAsync(string journeyId, HttpContext context, JourneyReports reports, CancellationToken cancellationToken)
    {
        var report = await reports.BuildAsync(journeyId, cancellationToken).ConfigureAwait(false);
        if (report is null)
        {
            return Problems.NotFound($"No journey '{journeyId}'.");
        }

        return WantsHtml(context.Request)
            ? PublicPage.Html(context, JourneyReportHtml.Render(report, PublicPage.LocaleFor(null, context.Request), JourneyMapApi.Link(journeyId, context.Request)))
            : TypedResults.Ok(report);
    }

    // A browser's navigation asks for text/html before anything else; API clients ask for JSON or anything.
    private static bool WantsHtml(HttpRequest request) =>
        string.Equals(request.Query["format"], "html", StringComparison.OrdinalIgnoreCase)
        || (!string.Equals(request.Query["format"], "json", StringComparison.OrdinalIgnoreCase)
            && request.GetTypedHeaders().Accept.OrderByDescending(a => a.Quality ?? 1).FirstOrDefault() is { } first
            && first.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase));
}
