using Microsoft.DurableTask.Client;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Reactivation.Core.Activity;
using Reactivation.Core.Silence;
using Reactivation.Core.Sweeps;
using Reactivation.Functions.Hosting;
using Reactivation.Infra.Ingestion;
using Reactivation.Infra.Journeys;
using Reactivation.Infra.Local;
using Reactivation.Infra.Storage;
using Reactivation.Infra.Sweeps;
using Xunit;

namespace Reactivation.Functions.Tests.Sweeps;

/// <summary>Re-running, duplicating and killing the sweep yields the same results and no duplicate hand-offs (against real Azurite).</summary>
public sealed class SweepIdempotencyTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset AsOf = new(2026, 11, 22, 2, 0, 0, TimeSpan.Zero);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_complete_sweep_hands_off_each_moved_user_exactly_once_and_records_every_result()
    {
        await using var app = await PopulatedAppAsync(azurite, 600);
        var runner = app.Services.GetRequiredService<SweepRunner>();

        var run = await RunAllShardsAsync(runner, AsOf);

        var summary = (await app.Services.GetRequiredService<SweepStore>().GetSummaryAsync(run.SweepDate, Ct))!;
        var handoffs = await DrainHandoffsAsync(app);
        Assert.Equal("complete", summary.Status);
        Assert.Equal(600, summary.Counts.Scanned);
        Assert.Equal(summary.Counts.Handoffs.Values.Sum(), handoffs.Count);
        Assert.Equal(handoffs.Count, handoffs.Select(h => h.HandoffId).Distinct().Count());
        Assert.True(handoffs.Count > 100, $"the population should have many silent users, had {handoffs.Count}");
        var results = await AllResultsAsync(app, run);
        var profile = (await app.Services.GetRequiredService<UserDirectory>().GetAsync(SyntheticPopulation.UserIdOf(5), Ct))!;
        Assert.Equal(SilenceClassifier.Classify(profile, run.AsOf, new SilencePolicy(), run.MeanSpend), results[profile.UserId]);
    }

    [Fact]
    public async Task Running_the_same_days_sweep_twice_changes_no_result_and_hands_off_nobody_again()
    {
        await using var app = await PopulatedAppAsync(azurite, 300);
        var runner = app.Services.GetRequiredService<SweepRunner>();
        var run = await RunAllShardsAsync(runner, AsOf);
        var firstResults = await AllResultsAsync(app, run);
        var firstHandoffs = await DrainHandoffsAsync(app);

        await RunAllShardsAsync(runner, AsOf.AddHours(3));

        Assert.Equal(firstResults, await AllResultsAsync(app, run));
        Assert.NotEmpty(firstHandoffs);
        Assert.Empty(await DrainHandoffsAsync(app));
    }

    [Fact]
    public async Task A_shard_message_delivered_twice_even_concurrently_hands_off_each_user_under_one_hand_off_and_misses_nobody()
    {
        await using var app = await PopulatedAppAsync(azurite, 2_600, shards: 1);
        var runner = app.Services.GetRequiredService<SweepRunner>();
        var run = await runner.StartAsync(AsOf, Ct);
        var message = new SweepShardMessage(run.SweepDate, 0);

        await Task.WhenAll(
            runner.ProcessShardAsync(message, cancellationToken: Ct),
            runner.ProcessShardAsync(message, cancellationToken: Ct),
            runner.ProcessShardAsync(message, cancellationToken: Ct));
        await runner.ProcessShardAsync(message, cancellationToken: Ct);

        var handoffs = await DrainHandoffsAsync(app);
        var summary = (await app.Services.GetRequiredService<SweepStore>().GetSummaryAsync(run.SweepDate, Ct))!;
        Assert.Equal(2_600, summary.Counts.Scanned);

        // Delivery is at least once: a processor that starts while another is still publishing a page may publish that
        // page again (the README says so, and enrollment ignores a hand-off that is not newer). What must hold is that a
        // repeat is the very same hand-off, and that every user the summary counts was handed off.
        var distinct = handoffs.DistinctBy(h => h.HandoffId).ToList();
        Assert.Equal(summary.Counts.Handoffs.Values.Sum(), distinct.Count);
        Assert.Equal(distinct.Count, distinct.Select(h => h.UserId).Distinct().Count());
    }

    [Fact]
    public async Task A_sweep_killed_between_pages_and_run_again_matches_an_uninterrupted_sweep_with_no_duplicate_handoffs()
    {
        await using var killed = await PopulatedAppAsync(azurite, 2_600, shards: 1);
        await using var clean = await PopulatedAppAsync(azurite, 2_600, shards: 1);
        var runner = killed.Services.GetRequiredService<SweepRunner>();
        var run = await runner.StartAsync(AsOf, Ct);
        using var kill = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var progress = new SynchronousProgress(_ => kill.Cancel());

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            runner.ProcessShardAsync(new SweepShardMessage(run.SweepDate, 0), progress, kill.Token));
        var checkpoint = await killed.Services.GetRequiredService<SweepStore>().GetCheckpointAsync(run.SweepDate, 0, Ct);
        Assert.False(checkpoint!.Complete);
        await RunAllShardsAsync(runner, AsOf);
        var cleanRun = await RunAllShardsAsync(clean.Services.GetRequiredService<SweepRunner>(), AsOf);

        Assert.Equal(await AllResultsAsync(clean, cleanRun), await AllResultsAsync(killed, run));
        var handoffs = await DrainHandoffsAsync(killed);
        Assert.Equal((await DrainHandoffsAsync(clean)).Select(h => h.HandoffId).Order(), handoffs.Select(h => h.HandoffId).Order());
        Assert.Equal(handoffs.Count, handoffs.Select(h => h.HandoffId).Distinct().Count());
    }

    [Fact]
    public async Task A_sweep_killed_while_publishing_republishes_only_that_page_and_enrollment_starts_one_journey_per_user()
    {
        await using var app = await PopulatedAppAsync(azurite, 2_600, shards: 1);
        var services = app.Services;
        var crashing = new CrashingPublisher(services.GetRequiredService<IHandoffPublisher>(), publishBeforeCrash: 10);
        var crashingRunner = new SweepRunner(services.GetRequiredService<StorageAccount>(), services.GetRequiredService<SweepStore>(),
            crashing, new SilencePolicy(), services.GetRequiredService<HandoffPacing>(), TimeProvider.System);
        var run = await crashingRunner.StartAsync(AsOf, Ct);

        await Assert.ThrowsAsync<IOException>(() => crashingRunner.ProcessShardAsync(new SweepShardMessage(run.SweepDate, 0), cancellationToken: Ct));
        await RunAllShardsAsync(services.GetRequiredService<SweepRunner>(), AsOf);

        var handoffs = await DrainHandoffsAsync(app);
        var summary = (await services.GetRequiredService<SweepStore>().GetSummaryAsync(run.SweepDate, Ct))!;
        var distinct = handoffs.Select(h => h.HandoffId).Distinct().Count();
        Assert.Equal(summary.Counts.Handoffs.Values.Sum(), distinct);
        Assert.Equal(10, handoffs.Count - distinct);
        await services.GetRequiredService<JourneyDefaults>().EnsureInstalledAsync(Ct);
        var enroller = services.GetRequiredService<JourneyEnroller>();
        // Every copy of each republished hand-off, and enough of the others to show most start a journey: enrolling all
        // 2,600 would run 2,600 journeys on this host for nothing the assertions need.
        var republished = handoffs.GroupBy(h => h.HandoffId).Where(g => g.Count() > 1).SelectMany(g => g).ToList();
        var sample = republished.Concat(handoffs.Except(republished).Take(150)).ToList();
        Assert.NotEmpty(republished);
        var started = new List<string>();
        foreach (var handoff in sample)
        {
            if ((await enroller.EnrollAsync(services.GetRequiredService<DurableTaskClient>(), handoff, Ct)).Started)
            {
                started.Add(handoff.UserId);
            }
        }

        Assert.True(started.Count > 100, $"most hand-offs should start a journey, {started.Count} of {sample.Count} did");
        Assert.Equal(started.Count, started.Distinct().Count());
    }

    [Fact]
    public async Task The_next_days_sweep_hands_off_only_users_who_went_deeper_or_newly_silent()
    {
        await using var app = await PopulatedAppAsync(azurite, 0);
        var ingestor = app.Services.GetRequiredService<ActivityIngestor>();
        await ingestor.IngestAsync(
        [
            new ActivityEvent("d1", "crossing", ActivityType.Login, AsOf.AddDays(-89)),
            new ActivityEvent("d2", "steady", ActivityType.Login, AsOf.AddDays(-50)),
            new ActivityEvent("d3", "newly", ActivityType.Login, AsOf.AddDays(-29).AddHours(-1)),
            new ActivityEvent("d4", "active", ActivityType.Login, AsOf.AddDays(-1)),
        ], Ct);
        var runner = app.Services.GetRequiredService<SweepRunner>();
        await RunAllShardsAsync(runner, AsOf);
        var firstDay = await DrainHandoffsAsync(app);

        var next = await RunAllShardsAsync(runner, AsOf.AddDays(1));
        var secondDay = await DrainHandoffsAsync(app);

        Assert.Equal(["crossing", "steady"], firstDay.Select(h => h.UserId).Order(StringComparer.Ordinal).ToArray());
        Assert.Equal(new DateOnly(2026, 11, 22), next.PreviousSweepDate);
        Assert.Equal(2, secondDay.Count);
        var deeper = Assert.Single(secondDay, h => h.UserId == "crossing");
        Assert.Equal((HandoffReason.MovedDeeper, DormancyBand.From3To6Months, DormancyBand.UpTo3Months), (deeper.Reason, deeper.Band, deeper.PreviousBand));
        Assert.Equal(HandoffReason.BecameSilent, Assert.Single(secondDay, h => h.UserId == "newly").Reason);
    }

    [Fact]
    public async Task The_rfm_mean_is_the_exact_population_mean_counted_before_a_first_sweep_and_by_each_sweep_for_the_next()
    {
        await using var app = await PopulatedAppAsync(azurite, 300);
        var directory = app.Services.GetRequiredService<UserDirectory>();
        var profiles = new List<Core.Profiles.UserProfile>();
        for (var i = 0; i < 300; i++)
        {
            profiles.Add((await directory.GetAsync(SyntheticPopulation.UserIdOf(i), Ct))!);
        }

        var purchasers = profiles.Where(p => p.PurchaseCount > 0).ToList();
        var exact = decimal.Round(purchasers.Sum(p => p.TotalSpend) / purchasers.Count, 2);
        var runner = app.Services.GetRequiredService<SweepRunner>();

        var first = await RunAllShardsAsync(runner, AsOf);
        var next = await runner.StartAsync(AsOf.AddDays(1), Ct);

        Assert.Equal(exact, first.MeanSpend);
        Assert.Equal(exact, next.MeanSpend);
        Assert.Equal(300, next.Users);
    }

    /// <summary>An app on <paramref name="shards"/> shards with <paramref name="users"/> synthetic users' histories ingested, and any <paramref name="extra"/> settings.</summary>
    internal static async Task<RunningApp> PopulatedAppAsync(AzuriteFixture azurite, int users, int shards = 4, IDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>(extra ?? new Dictionary<string, string?>()) { ["Storage:ShardCount"] = shards.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        var app = await RunningApp.StartAsync(azurite, settings);
        var population = new SyntheticPopulation(11, AsOf);
        var events = Enumerable.Range(0, users).SelectMany(population.EventsOf).ToList();
        var ingestor = app.Services.GetRequiredService<ActivityIngestor>();
        foreach (var chunk in events.Chunk(1_000))
        {
            await ingestor.IngestAsync(chunk, Ct);
        }

        return app;
    }

    internal static async Task<SweepRun> RunAllShardsAsync(SweepRunner runner, DateTimeOffset asOf)
    {
        var run = await runner.StartAsync(asOf, Ct);
        for (var shard = 0; shard < run.ShardCount; shard++)
        {
            await runner.ProcessShardAsync(new SweepShardMessage(run.SweepDate, shard), cancellationToken: Ct);
        }

        return run;
    }

    private static async Task<Dictionary<string, SweepResult>> AllResultsAsync(RunningApp app, SweepRun run)
    {
        var store = app.Services.GetRequiredService<SweepStore>();
        var results = new Dictionary<string, SweepResult>(StringComparer.Ordinal);
        for (var shard = 0; shard < run.ShardCount; shard++)
        {
            await foreach (var result in store.ReadResultsAsync(run.SweepDate, shard, Ct))
            {
                results.Add(result.UserId, result);
            }
        }

        return results;
    }

    internal static async Task<List<EnrollmentHandoff>> DrainHandoffsAsync(RunningApp app)
    {
        var queue = await app.Services.GetRequiredService<StorageAccount>().QueueAsync(QueueNames.Enrollments, Ct);
        var drained = new List<EnrollmentHandoff>();
        while (true)
        {
            var messages = (await queue.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(5), Ct)).Value;
            if (messages.Length == 0)
            {
                return drained;
            }

            foreach (var message in messages)
            {
                drained.AddRange(HandoffMessages.Read(message.Body.ToString()));
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, Ct);
            }
        }
    }

    private sealed class SynchronousProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }

    /// <summary>Publishes the first N hand-offs it is given, then fails as a process dying mid-publication would.</summary>
    private sealed class CrashingPublisher(IHandoffPublisher inner, int publishBeforeCrash) : IHandoffPublisher
    {
        public async Task PublishAsync(IReadOnlyList<EnrollmentHandoff> handoffs, HandoffRelease release, CancellationToken cancellationToken = default)
        {
            if (handoffs.Count <= publishBeforeCrash)
            {
                await inner.PublishAsync(handoffs, release, cancellationToken);
                return;
            }

            await inner.PublishAsync(handoffs.Take(publishBeforeCrash).ToArray(), release, cancellationToken);
            throw new IOException("simulated crash while publishing hand-offs");
        }
    }
}
