using Microsoft.DurableTask.Client;
using Reactivation.Functions.Pages;
using Reactivation.Infra.Journeys;
using Reactivation.Infra.Measurement;

namespace Reactivation.Functions.Api;

/// <summary><c>GET /api/reports/journeys/{journeyId}/map</c>: the journey's latest definition drawn as a flow, with live counts.</summary>
public static class JourneyMapApi
{
    /// <summary>The route, beside the report's.</summary>
    public const string Route = "api/reports/journeys/{journeyId}/map";

    /// <summary>200 with the map page (English or Chinese by Accept-Language); 404 as a problem when there is no such journey.</summary>
    public static async Task<IResult> GetAsync(
        string journeyId, HttpContext context, DurableTaskClient client, JourneyLibrary library, JourneyMapCounter counter, double holdoutPercent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(library);
        ArgumentNullException.ThrowIfNull(counter);
        var definition = (await library.LatestAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(j => j.Id == journeyId);
        if (definition is null)
        {
            return Problems.NotFound($"No journey '{journeyId}'.");
        }

        var counts = await counter.CountAsync(client, definition, holdoutPercent, cancellationToken).ConfigureAwait(false);
        var locale = PublicPage.LocaleFor(null, context.Request);
        return PublicPage.Html(context, JourneyMapHtml.Render(JourneyMapLayout.Of(definition), counts, locale, ReportLink(journeyId, context.Request)));
    }

    /// <summary>
    /// The relative link from the report page to the map (and, with <paramref name="back"/>, from the map to the report),
    /// carrying the request's <c>?code=</c> key so the next page opens as this one did.
    /// </summary>
    public static string Link(string journeyId, HttpRequest request, bool back = false)
    {
        ArgumentNullException.ThrowIfNull(request);
        var code = request.Query["code"].ToString();
        var path = back ? $"../{Uri.EscapeDataString(journeyId)}" : $"{Uri.EscapeDataString(journeyId)}/map";
        return code.Length == 0 ? path : $"{path}?code={Uri.EscapeDataString(code)}";
    }

    private static string ReportLink(string journeyId, HttpRequest request) => Link(journeyId, request, back: true);
}
