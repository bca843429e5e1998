using System.Net;
using Microsoft.AspNetCore.Http;

namespace Reactivation.Functions.Tests.Api.Statuses;

public sealed class MeasurementStatusCases : IStatusCases
{
    public IEnumerable<(string Operation, int Status, StatusCase Case)> Cases =>
    [
        ("GetSampleSize", StatusCodes.Status200OK, (p, _, ct) => p.Admin.GetAsync("/api/experiments/samplesize?baseline=0.042&lift=0.15", ct)),
        ("GetSampleSize", StatusCodes.Status400BadRequest, (p, _, ct) => p.Admin.GetAsync("/api/experiments/samplesize?baseline=lots", ct)),
        ("GetJourneyReport", StatusCodes.Status200OK, ReportAsync),
        ("GetJourneyReport", StatusCodes.Status404NotFound, (p, _, ct) => p.Admin.GetAsync("/api/reports/journeys/status-no-such-journey", ct)),
        ("GetJourneyMap", StatusCodes.Status200OK, (p, _, ct) => p.Admin.GetAsync("/api/reports/journeys/standard/map", ct)),
        ("GetJourneyMap", StatusCodes.Status404NotFound, (p, _, ct) => p.Admin.GetAsync("/api/reports/journeys/status-no-such-journey/map", ct)),
    ];

    // A shipped journey's report is documented as JSON and as the page: the page must come back as HTML for a browser's
    // Accept, and the JSON (the API client's default) is the answer the test checks.
    private static async Task<HttpResponseMessage> ReportAsync(ApiProbe probe, ApiRow row, CancellationToken cancellationToken)
    {
        using (var request = new HttpRequestMessage(HttpMethod.Get, "/api/reports/journeys/standard"))
        {
            request.Headers.Accept.ParseAdd("text/html,application/xhtml+xml;q=0.9,*/*;q=0.8");
            using var page = await probe.Admin.SendAsync(request, cancellationToken);
            if (page.StatusCode != HttpStatusCode.OK || page.Content.Headers.ContentType?.MediaType != "text/html")
            {
                return new HttpResponseMessage(HttpStatusCode.InternalServerError) { Content = new StringContent($"the page answered {(int)page.StatusCode} {page.Content.Headers.ContentType}") };
            }
        }

        var json = await probe.Admin.GetAsync("/api/reports/journeys/standard", cancellationToken);
        if (json.Content.Headers.ContentType?.MediaType != "application/json")
        {
            json.Dispose();
            return new HttpResponseMessage(HttpStatusCode.InternalServerError) { Content = new StringContent("the report did not answer JSON by default") };
        }

        return json;
    }
}
