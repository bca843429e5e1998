using Microsoft.Azure.Functions.Worker;
using Reactivation.Functions.Api;
using Reactivation.Functions.Handlers;
using Reactivation.Functions.Hosting;
using Reactivation.Functions.Hosting.OpenApi;
using Reactivation.Infra.Storage;
using Reactivation.Infra.Sweeps;

namespace Reactivation.Functions.Triggers;

/// <summary>The daily sweep: its timer, its shards, and its summary.</summary>
public sealed class SweepFunctions(DailySweepHandler daily, SweepShardHandler shards, SweepStore store, AppSettings settings, TimeProvider clock, ILogger<SweepFunctions> logger)
{
    /// <summary>Starts the day's sweep and fans it out, one message per shard.</summary>
    [Function("DailySweep")]
    public async Task DailySweep([TimerTrigger("%Sweep:Schedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        logger.LogInformation("DailySweep: {Log}", await daily.HandleAsync(SweepSchedule.LatestOccurrence(settings.Sweep.Schedule, clock.GetUtcNow()), cancellationToken).ConfigureAwait(false));

    /// <summary>Sweeps one shard.</summary>
    [Function("SweepShard")]
    public async Task SweepShard([QueueTrigger(QueueNames.SweepShards)] string message, long dequeueCount, CancellationToken cancellationToken) =>
        logger.LogInformation("SweepShard: {Log}", await shards.HandleAsync(message, (int)dequeueCount, cancellationToken).ConfigureAwait(false));

    /// <summary>A day's sweep summary.</summary>
    [Function("GetSweep")]
    [Answers(StatusCodes.Status200OK, "The day's summary: the population by band, tier and cause, and the hand-offs.", Body = typeof(SweepView))]
    [Answers(StatusCodes.Status400BadRequest, "The date is not yyyy-MM-dd.")]
    [Answers(StatusCodes.Status404NotFound, "No sweep ran that day.")]
    public Task<IResult> GetSweep([HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/sweeps/{date}")] HttpRequest request, string date, CancellationToken cancellationToken) =>
        SweepsApi.GetAsync(date, store, cancellationToken);
}
