using System.Text.Json;
using Azure.Data.Tables;
using Reactivation.Core.Silence;
using Reactivation.Core.Sweeps;
using Reactivation.Infra.Storage;
using Reactivation.Infra.Telemetry;

namespace Reactivation.Infra.Sweeps;

/// <summary>Runs the daily silence sweep: a start that fans out one message per shard, and the per-shard scan.</summary>
/// <remarks>
/// Re-runnable at every step. The run row fixes the as-of instant, the population mean and the previous sweep, so
/// every re-run decides the same. A shard commits each page of results with its checkpoint in one transaction, then
/// publishes the page's hand-offs and marks the page dispatched (in the next page's transaction, to save a write); a
/// shard restarted after a crash resumes at the checkpoint, first republishing any committed page not marked (at most
/// the one or two pages in flight when it died).
/// </remarks>
public sealed class SweepRunner(
    StorageAccount account, SweepStore store, IHandoffPublisher publisher, SilencePolicy policy, HandoffPacing pacing, TimeProvider clock)
{
    /// <summary>Profiles read per page; also the size of one packed result row.</summary>
    public const int PageSize = 1_000;

    /// <summary>Starts (or re-drives) the sweep for the UTC day of <paramref name="asOf"/>.</summary>
    /// <returns>The run, as created now or earlier.</returns>
    public async Task<SweepRun> StartAsync(DateTimeOffset asOf, CancellationToken cancellationToken = default)
    {
        var date = DateOnly.FromDateTime(asOf.UtcDateTime);
        var run = await store.GetRunAsync(date, cancellationToken).ConfigureAwait(false);
        if (run is null)
        {
            var previous = await LastCompleteBeforeAsync(date, cancellationToken).ConfigureAwait(false);
            var population = previous is { } p && await store.GetSummaryAsync(p, cancellationToken).ConfigureAwait(false) is { } last
                ? last.Population
                : await CountPopulationAsync(cancellationToken).ConfigureAwait(false);
            var candidate = new SweepRun(date, asOf, account.Options.ShardCount, population.MeanSpend, population.Users, previous, clock.GetUtcNow());
            await store.TryCreateRunAsync(candidate, cancellationToken).ConfigureAwait(false);
            run = await store.GetRunAsync(date, cancellationToken).ConfigureAwait(false) ?? candidate;
        }

        await EnqueueIncompleteShardsAsync(run, cancellationToken).ConfigureAwait(false);
        return run;
    }

    /// <summary>Scans and classifies one shard, resuming from its checkpoint. Safe to call twice, also concurrently.</summary>
    /// <param name="message">Which day and shard.</param>
    /// <param name="progress">Told the number of users scanned after each page.</param>
    /// <param name="cancellationToken">Stops between storage calls; committed pages stay committed.</param>
    public async Task<ShardCheckpoint> ProcessShardAsync(
        SweepShardMessage message, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        var (date, shard) = (message.SweepDate, message.Shard);
        using var span = ReactivationTelemetry.Source.StartActivity("sweep shard");
        span?.SetTag("reactivation.sweep.date", date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)).SetTag("reactivation.sweep.shard", shard);
        var run = await store.GetRunAsync(date, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"no sweep run exists for {date:yyyy-MM-dd}; start the sweep before its shards");
        if (shard < 0 || shard >= run.ShardCount)
        {
            throw new ArgumentOutOfRangeException(nameof(message), $"shard {shard} is outside the run's {run.ShardCount} shards");
        }

        var checkpoint = await store.StartShardAsync(date, shard, clock.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        var undispatched = await store.UndispatchedPagesAsync(date, shard, cancellationToken).ConfigureAwait(false);
        if (checkpoint.Complete && undispatched.Count == 0)
        {
            return checkpoint;
        }

        var previous = run.PreviousSweepDate is { } prior
            ? await store.LoadStandingsAsync(prior, shard, cancellationToken).ConfigureAwait(false)
            : [];
        await RedispatchAsync(run, shard, checkpoint, undispatched, cancellationToken).ConfigureAwait(false);

        var table = await account.ProfilesAsync(shard, cancellationToken).ConfigureAwait(false);
        int? publishedUnmarked = null;
        try
        {
            while (!checkpoint.Complete)
            {
                var page = await ReadPageAsync(table, checkpoint.ContinuationToken, cancellationToken).ConfigureAwait(false);
                var (results, handoffs, counts, population) = Classify(run, page.Values, previous, checkpoint.Counts, checkpoint.Population);
                var done = page.ContinuationToken is null;
                var next = checkpoint with
                {
                    NextPage = checkpoint.NextPage + 1,
                    ContinuationToken = page.ContinuationToken,
                    Complete = done,
                    Counts = counts,
                    Population = population,
                    CompletedAt = done ? clock.GetUtcNow() : null,
                };
                var committed = await store.CommitPageAsync(
                    date, shard, checkpoint.NextPage, results, handoffs, next, checkpoint.ETag, publishedUnmarked, cancellationToken).ConfigureAwait(false);
                if (committed is null)
                {
                    // Another worker committed this page first (a duplicate message); continue from where it got to.
                    await MarkAsync(date, shard, publishedUnmarked, cancellationToken).ConfigureAwait(false);
                    publishedUnmarked = null;
                    checkpoint = (await store.GetCheckpointAsync(date, shard, cancellationToken).ConfigureAwait(false))!;
                    continue;
                }

                await publisher.PublishAsync(handoffs, ReleaseOf(run, checkpoint), cancellationToken).ConfigureAwait(false);
                publishedUnmarked = checkpoint.NextPage;
                checkpoint = committed;
                progress?.Report(page.Values.Count);
                ReactivationTelemetry.SweptUsers.Add(page.Values.Count);
                if (done)
                {
                    ReactivationTelemetry.SweptShards.Add(1);
                }
            }
        }
        catch (OperationCanceledException) when (publishedUnmarked is not null)
        {
            // A graceful stop (the host shutting down): record the published page so a resume does not publish it again.
            await MarkAsync(date, shard, publishedUnmarked, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        await MarkAsync(date, shard, publishedUnmarked, cancellationToken).ConfigureAwait(false);
        return (await store.GetCheckpointAsync(date, shard, cancellationToken).ConfigureAwait(false))!;
    }

    private (List<SweepResult> Results, List<EnrollmentHandoff> Handoffs, SweepCounts Counts, PopulationStats Population) Classify(
        SweepRun run, IReadOnlyList<TableEntity> rows, Dictionary<string, PreviousStanding> previous, SweepCounts counts, PopulationStats population)
    {
        var results = new List<SweepResult>(rows.Count);
        var handoffs = new List<EnrollmentHandoff>();
        foreach (var row in rows)
        {
            var profile = ProfileEntity.FromEntity(row);
            population = population.Plus(new PopulationStats(1, profile.PurchaseCount > 0 ? 1 : 0, profile.TotalSpend));
            var result = SilenceClassifier.Classify(profile, run.AsOf, policy, run.MeanSpend);
            var standing = previous.TryGetValue(result.UserId, out var s) ? s : (PreviousStanding?)null;
            var reason = HandoffRule.Decide(standing, result);
            if (reason is { } r)
            {
                handoffs.Add(EnrollmentHandoff.For(run.SweepDate, run.AsOf, result, r, standing));
            }

            results.Add(result);
            counts = counts.Add(result, reason);
        }

        return (results, handoffs, counts, population);
    }

    private Task MarkAsync(DateOnly date, int shard, int? page, CancellationToken cancellationToken) =>
        page is { } p ? store.MarkPageDispatchedAsync(date, shard, p, cancellationToken) : Task.CompletedTask;

    /// <summary>The release of the hand-offs of the page after <paramref name="before"/>: numbered on from those the shard made before it.</summary>
    private HandoffRelease ReleaseOf(SweepRun run, ShardCheckpoint before) =>
        new(run.StartedAt, before.Counts.Handoffs.Values.Sum(), run.ShardCount, pacing);

    private async Task RedispatchAsync(SweepRun run, int shard, ShardCheckpoint checkpoint, IReadOnlyList<int> pages, CancellationToken cancellationToken)
    {
        foreach (var page in pages)
        {
            // Numbered on from the checkpoint, which already counts the page: released no earlier than the first time,
            // and the shard's hand-offs stay within the pace.
            var handoffs = await store.GetPageHandoffsAsync(run.SweepDate, shard, page, cancellationToken).ConfigureAwait(false);
            await publisher.PublishAsync(handoffs, ReleaseOf(run, checkpoint), cancellationToken).ConfigureAwait(false);
            await store.MarkPageDispatchedAsync(run.SweepDate, shard, page, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<Azure.Page<TableEntity>> ReadPageAsync(TableClient table, string? continuation, CancellationToken cancellationToken)
    {
        // The shard's profile table holds profile rows only, so the scan needs no filter.
        var pages = table.QueryAsync<TableEntity>(filter: (string?)null, maxPerPage: PageSize, select: ProfileEntity.SweepColumns, cancellationToken: cancellationToken)
            .AsPages(continuation, PageSize);
        await foreach (var page in pages.ConfigureAwait(false))
        {
            return page;
        }

        throw new InvalidOperationException("the profile query returned no page");
    }

    /// <summary>The one-off count for a first sweep, when no previous sweep says what the population is.</summary>
    private async Task<PopulationStats> CountPopulationAsync(CancellationToken cancellationToken)
    {
        var totals = new PopulationStats[account.Options.ShardCount];
        var options = new ParallelOptions { MaxDegreeOfParallelism = account.Options.Parallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, totals.Length), options, async (shard, ct) =>
        {
            var table = await account.ProfilesAsync(shard, ct).ConfigureAwait(false);
            await foreach (var row in table.QueryAsync<TableEntity>(filter: (string?)null, maxPerPage: PageSize, select: ["PurchaseCount", "TotalSpend"], cancellationToken: ct)
                .ConfigureAwait(false))
            {
                var purchases = row.GetInt32("PurchaseCount") ?? 0;
                var spend = decimal.Parse(row.GetString("TotalSpend") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
                totals[shard] = totals[shard].Plus(new PopulationStats(1, purchases > 0 ? 1 : 0, spend));
            }
        }).ConfigureAwait(false);
        return totals.Aggregate(default(PopulationStats), (sum, s) => sum.Plus(s));
    }

    private async Task<DateOnly?> LastCompleteBeforeAsync(DateOnly date, CancellationToken cancellationToken)
    {
        foreach (var candidate in await store.ListRunDatesAsync(cancellationToken).ConfigureAwait(false))
        {
            if (candidate < date && await store.IsCompleteAsync(candidate, cancellationToken).ConfigureAwait(false))
            {
                return candidate;
            }
        }

        return null;
    }

    private async Task EnqueueIncompleteShardsAsync(SweepRun run, CancellationToken cancellationToken)
    {
        var queue = await account.QueueAsync(QueueNames.SweepShards, cancellationToken).ConfigureAwait(false);
        var options = new ParallelOptions { MaxDegreeOfParallelism = account.Options.Parallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, run.ShardCount), options, async (shard, ct) =>
        {
            var checkpoint = await store.GetCheckpointAsync(run.SweepDate, shard, ct).ConfigureAwait(false);
            if (checkpoint is { Complete: true } && (await store.UndispatchedPagesAsync(run.SweepDate, shard, ct).ConfigureAwait(false)).Count == 0)
            {
                return;
            }

            var body = JsonSerializer.Serialize(new SweepShardMessage(run.SweepDate, shard), SweepJson.Options);
            await queue.SendMessageAsync(body, timeToLive: TimeSpan.FromSeconds(-1), cancellationToken: ct).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }
}
