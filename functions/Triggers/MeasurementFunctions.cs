using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Reactivation.Core.Measurement;
using Reactivation.Functions.Api;
using Reactivation.Functions.Handlers;
using Reactivation.Functions.Hosting;
using Reactivation.Functions.Hosting.OpenApi;
using Reactivation.Infra.Journeys;
using Reactivation.Infra.Measurement;

namespace Reactivation.Functions.Triggers;

/// <summary>Measurement: the roll-ups, the daily run, the reports and sample sizes.</summary>
public sealed class MeasurementFunctions(MetricsRollupHandler rollup, MeasurementDailyHandler daily, JourneyReports reports, JourneyLibrary library, MetricsStore metrics, AppSettings settings, TimeProvider clock, ILogger<MeasurementFunctions> logger)
{
    /// <summary>Folds new metric facts into the metrics table.</summary>
    [Function("MetricsRollup")]
    public async Task MetricsRollup([TimerTrigger("%Measurement:RollupSchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        logger.LogInformation("MetricsRollup: {Log}", await rollup.HandleAsync(SweepSchedule.LatestOccurrence(settings.Measurement.RollupSchedule, clock.GetUtcNow()), cancellationToken).ConfigureAwait(false));

    /// <summary>The last roll-up of the day before, then the alert rules.</summary>
    [Function("MeasurementDaily")]
    public async Task MeasurementDaily([TimerTrigger("%Measurement:DailySchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        logger.LogInformation("MeasurementDaily: {Log}", await daily.HandleAsync(SweepSchedule.LatestOccurrence(settings.Measurement.DailySchedule, clock.GetUtcNow()), cancellationToken).ConfigureAwait(false));

    /// <summary>A journey's report: JSON, or the report page for a browser.</summary>
    [Function("GetJourneyReport")]
    [QueryParameter("format", typeof(string), "`html` for the report page, `json` for JSON; absent, the page when `Accept` prefers `text/html`, JSON otherwise.")]
    [Answers(StatusCodes.Status200OK, "The report, from the metrics table, as JSON.", Body = typeof(JourneyReport))]
    [Answers(StatusCodes.Status200OK, "The report page, for a browser (`Accept: text/html` or `?format=html`).", Media = "text/html")]
    [Answers(StatusCodes.Status404NotFound, "No such journey.")]
    public Task<IResult> GetJourneyReport(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/reports/journeys/{journeyId}")] HttpRequest request, string journeyId, CancellationToken cancellationToken) =>
        ReportsApi.GetJourneyAsync(journeyId, request.HttpContext, reports, cancellationToken);

    /// <summary>A journey's map: its definition drawn as a flow, with live counts per step and the holdout beside it.</summary>
    [Function("GetJourneyMap")]
    [Answers(StatusCodes.Status200OK, "The map page: the latest definition drawn as server-side SVG with live counts per step, in English or Chinese by `Accept-Language`.", Media = "text/html")]
    [Answers(StatusCodes.Status404NotFound, "No such journey.")]
    public Task<IResult> GetJourneyMap(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = JourneyMapApi.Route)] HttpRequest request, string journeyId,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        JourneyMapApi.GetAsync(journeyId, request.HttpContext, client, library, new JourneyMapCounter(metrics), settings.Journeys.HoldoutPercent, cancellationToken);

    /// <summary>Users per arm for a two-proportion test.</summary>
    [Function("GetSampleSize")]
    [QueryParameter("baseline", typeof(double), "The control arm's rate, between 0 and 1.", Required = true)]
    [QueryParameter("lift", typeof(double), "The effect to detect, relative (0.15 for +15%); give this or absolute.")]
    [QueryParameter("absolute", typeof(double), "The effect to detect, in points (0.01 for +1 point); give this or lift.")]
    [QueryParameter("alpha", typeof(double), "The two-sided significance level (default 0.05).")]
    [QueryParameter("power", typeof(double), "The power (default 0.8).")]
    [Answers(StatusCodes.Status200OK, "Users per arm and in all.", Body = typeof(SampleSizeAnswer))]
    [Answers(StatusCodes.Status400BadRequest, "A value is missing, not a number, or out of range; every mistake is located.")]
    public IResult GetSampleSize([HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/experiments/samplesize")] HttpRequest request) =>
        SampleSizeApi.Get(request);
}
