using Azure.Data.Tables;
using Microsoft.DurableTask.Client;
using Reactivation.Core.Activity;
using Reactivation.Core.Profiles;
using Reactivation.Core.Sharding;
using Reactivation.Core.Silence;
using Reactivation.Core.Sweeps;
using Reactivation.Core.Users;
using Reactivation.Functions.Durable;
using Reactivation.Infra.Ingestion;
using Reactivation.Infra.Journeys;
using Reactivation.Infra.Local;
using Reactivation.Infra.Storage;
using Reactivation.Infra.Sweeps;
using Stopwatch = System.Diagnostics.Stopwatch;

namespace Reactivation.Benchmarks;

/// <summary>
/// Loads a synthetic population into Azurite and times ingestion and the sweep, each next to a raw Azure.Data.Tables
/// baseline doing the bare storage work in the same run; the ratio is the figure to quote.
/// </summary>
public static class LoadBenchmark
{
    private const int Shards = 64;
    private const int Parallelism = 8;
    private static readonly DateTimeOffset AsOf = new(2026, 11, 22, 2, 0, 0, TimeSpan.Zero);

    /// <summary>Runs the whole benchmark and prints the figures.</summary>
    /// <param name="historyUsers">Users whose histories go through ingestion.</param>
    /// <param name="steps">Population sizes the sweep is measured at, ascending.</param>
    /// <param name="shards">Shards of the swept populations.</param>
    /// <param name="commandLine">Printed with the figures.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    public static async Task<int> RunAsync(int historyUsers, IReadOnlyList<int> steps, int shards, string commandLine, CancellationToken cancellationToken)
    {
        Console.WriteLine($"load benchmark: {historyUsers:N0} users with full histories through ingestion ({Shards} shards); sweeps at {string.Join(", ", steps.Select(n => n.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)))} users ({shards} shards); {Parallelism} in flight");
        await using var azurite = await AzuriteProcess.StartAsync(cancellationToken: cancellationToken);
        var population = new SyntheticPopulation(42, AsOf);
        var figures = new List<Figure>();

        // Ingestion, history-shaped: each batch holds whole histories, as imports and backfills send them.
        var product = Account(azurite, "bench");
        var history = Enumerable.Range(0, historyUsers).SelectMany(population.EventsOf).Chunk(1_000).ToArray();
        figures.Add(await CompareAsync("ingestion, batches of histories", "events/s", history.Sum(b => b.Length),
            () => IngestAsync(product, history, cancellationToken),
            () => RawUpsertAsync(Account(azurite, "raw"), history, cancellationToken)));

        // Ingestion, scattered: every event in a batch is a different user, as live traffic sends them, through what
        // POST /api/activity does (ingestion, then the journey events with their membership reads), first for users
        // never seen before, then one more event for each of the same users, now known.
        figures.AddRange(await ScatteredAsync(azurite, population, historyUsers, historyUsers, cancellationToken));

        // The sweep, at each population size: a fresh set of shard tables per size, every profile written directly.
        var sweeps = new List<SweepStep>();
        foreach (var size in steps)
        {
            sweeps.Add(await SweepStepAsync(azurite, population, size, shards, cancellationToken));
        }

        Console.WriteLine();
        Console.WriteLine($"command: dotnet run -c Release --project tests/Reactivation.Benchmarks -- {commandLine}");
        Console.WriteLine($"{"figure",-60} {"product",16} {"raw baseline",16} {"ratio",7}  {"product s",10}");
        foreach (var f in figures.Concat(sweeps.SelectMany(step => new[] { step.First, step.Daily })))
        {
            Console.WriteLine($"{f.Name,-60} {f.Product,12:N0} {f.Unit[..^2],3} {f.Raw,12:N0} {f.Unit[..^2],3} {f.Product / f.Raw,7:0.00}  {f.ProductSeconds,10:0.0}");
        }

        Console.WriteLine();
        Console.WriteLine($"{"users",10} {"raw scan/s",11} {"daily/s",9} {"ratio",6} {"daily s",8} {"first/s",9} {"ratio",6} {"hand-offs (first, daily)",26}");
        foreach (var step in sweeps)
        {
            Console.WriteLine($"{step.Users,10:N0} {step.Daily.Raw,11:N0} {step.Daily.Product,9:N0} {step.Daily.Product / step.Daily.Raw,6:0.00} {step.Daily.ProductSeconds,8:0.0} " +
                $"{step.First.Product,9:N0} {step.First.Product / step.First.Raw,6:0.00} {$"{step.FirstHandoffs:N0}, {step.DailyHandoffs:N0}",26}");
        }

        var largest = sweeps[^1];
        Console.WriteLine(largest.Users >= 1_000_000
            ? $"daily sweep of {largest.Users:N0} users took {largest.Daily.ProductSeconds:0.0} s (budget 60 s)"
            : $"at the measured daily-sweep rate, 1,000,000 users would take {1_000_000 / largest.Daily.Product:0} s (budget 60 s; measured here at {largest.Users:N0})");
        return sweeps.All(step => step.Scanned == step.Users) ? 0 : 1;
    }

    /// <summary>Loads <paramref name="users"/> profiles into tables of their own, then times a first and a daily sweep, each beside a raw scan.</summary>
    private static async Task<SweepStep> SweepStepAsync(AzuriteProcess azurite, SyntheticPopulation population, int users, int shards, CancellationToken cancellationToken)
    {
        Console.WriteLine($"sweep at {users:N0} users on {shards} shards");
        var account = Account(azurite, $"sweep{users}", shards);
        await LoadProfilesAsync(account, population, 0, users, cancellationToken);
        var pacing = new HandoffPacing();
        var runner = new SweepRunner(account, new SweepStore(account), new QueueHandoffPublisher(account, pacing, TimeProvider.System), new SilencePolicy(), pacing, TimeProvider.System);
        var first = await CompareAsync($"first sweep at {users:N0} (hands off every silent user)", "users/s", users,
            () => SweepAsync(runner, AsOf.AddDays(-1), cancellationToken),
            () => RawScanAsync(account, cancellationToken));
        var daily = await CompareAsync($"daily sweep at {users:N0} (steady state)", "users/s", users,
            () => SweepAsync(runner, AsOf, cancellationToken),
            () => RawScanAsync(account, cancellationToken));
        var store = new SweepStore(account);
        var firstSummary = await store.GetSummaryAsync(DateOnly.FromDateTime(AsOf.AddDays(-1).UtcDateTime), cancellationToken);
        var dailySummary = await store.GetSummaryAsync(DateOnly.FromDateTime(AsOf.UtcDateTime), cancellationToken);
        await DropAsync(azurite, account, cancellationToken);
        return new SweepStep(users, first, daily, firstSummary?.Counts.Handoffs.Values.Sum() ?? 0, dailySummary?.Counts.Handoffs.Values.Sum() ?? 0, dailySummary?.Counts.Scanned ?? 0);
    }

    /// <summary>Deletes a step's tables and queues, so the emulator's memory holds one population at a time.</summary>
    private static async Task DropAsync(AzuriteProcess azurite, StorageAccount account, CancellationToken cancellationToken)
    {
        var prefix = account.Options.Prefix;
        var tables = new TableServiceClient(azurite.ConnectionString);
        await foreach (var table in tables.QueryAsync(cancellationToken: cancellationToken))
        {
            if (table.Name.StartsWith(prefix, StringComparison.Ordinal))
            {
                await tables.DeleteTableAsync(table.Name, cancellationToken);
            }
        }

        var queues = new Azure.Storage.Queues.QueueServiceClient(azurite.ConnectionString);
        await foreach (var queue in queues.GetQueuesAsync(prefix: prefix, cancellationToken: cancellationToken))
        {
            await queues.DeleteQueueAsync(queue.Name, cancellationToken);
        }
    }

    private static StorageAccount Account(AzuriteProcess azurite, string prefix, int shards = Shards, StorageOperationCounter? counter = null) =>
        new(new StorageOptions { ConnectionString = azurite.ConnectionString, Prefix = prefix, ShardCount = shards, Parallelism = Parallelism }, counter);

    // The two scattered figures, each with the storage calls per event counted on both sides at the client. The
    // Durable client is a real one (a client-only local host); the synthetic population is in no journey, so the
    // journey events read no membership and raise nothing, which is the common case the profile's marker is for.
    private static Task<Figure[]> ScatteredAsync(AzuriteProcess azurite, SyntheticPopulation population, int users, int count, CancellationToken cancellationToken)
    {
        var hub = new TaskHubOptions { HubName = "benchload", PartitionCount = 1, ConnectionString = azurite.ConnectionString };
        return JourneyBenchmark.OnHostAsync(hub, _ => { }, register: null, async client =>
        {
            var productCalls = new StorageOperationCounter();
            var rawCalls = new StorageOperationCounter();
            var product = Account(azurite, "spread", counter: productCalls);
            var raw = Account(azurite, "rawspread", counter: rawCalls);
            var first = Enumerable.Range(users, count).Select(i => population.EventsOf(i)[^1]).Chunk(1_000).ToArray();
            var again = first.Select(b => b.Select(e => e with { EventId = e.EventId + "-again", OccurredAt = e.OccurredAt.AddHours(1) }).ToArray()).ToArray();
            var figures = new List<Figure>();
            foreach (var (name, batches) in new[] { ("ingestion, one event per new user", first), ("ingestion, one event per known user", again) })
            {
                productCalls.Reset();
                rawCalls.Reset();
                var figure = await CompareAsync(name, "events/s", count,
                    () => IngestLiveAsync(product, client, batches, cancellationToken),
                    () => RawUpsertAsync(raw, batches, cancellationToken));
                Console.WriteLine($"  {name}: storage calls per event, product {(double)productCalls.Count / count:0.00}, raw baseline {(double)rawCalls.Count / count:0.00}");
                figures.Add(figure);
            }

            return figures.ToArray();
        }, cancellationToken);
    }

    private static async Task<Figure> CompareAsync(string name, string unit, long items, Func<Task> product, Func<Task> raw)
    {
        var rawSeconds = await TimeAsync($"{name}: raw baseline", items, unit, raw);
        var productSeconds = await TimeAsync($"{name}: product", items, unit, product);
        return new Figure(name, unit, items / productSeconds, items / rawSeconds, productSeconds);
    }

    private static async Task<double> TimeAsync(string what, long items, string unit, Func<Task> work)
    {
        Console.Write($"  {what} ... ");
        var watch = Stopwatch.StartNew();
        await work();
        var seconds = watch.Elapsed.TotalSeconds;
        Console.WriteLine($"{items:N0} in {seconds:0.0} s, {items / seconds:N0} {unit}");
        return seconds;
    }

    private static Task IngestAsync(StorageAccount account, ActivityEvent[][] batches, CancellationToken cancellationToken)
    {
        var ingestor = Ingestor(account);
        return Parallel.ForEachAsync(batches, Options(cancellationToken), async (batch, ct) => await ingestor.IngestAsync(batch, ct));
    }

    /// <summary>What POST /api/activity does with a valid batch: ingestion, then the journey events for its users.</summary>
    private static Task IngestLiveAsync(StorageAccount account, DurableTaskClient client, ActivityEvent[][] batches, CancellationToken cancellationToken)
    {
        var ingestor = Ingestor(account);
        var journeys = new JourneyEvents(new JourneyStore(account), TimeProvider.System);
        return Parallel.ForEachAsync(batches, Options(cancellationToken), async (batch, ct) =>
        {
            var report = await ingestor.IngestAsync(batch, ct);
            await journeys.RaiseFromActivityAsync(client, batch, report.Enrolled, 16, ct);
        });
    }

    private static ActivityIngestor Ingestor(StorageAccount account) =>
        new(account, new ProfileWriter(account, new PhoneIndex(account), new Reactivation.Infra.Policy.ContactState(account), TimeProvider.System), new JourneyStore(account));

    /// <summary>The same events, upserted as the same rows in the same layout, grouped into transactions, with nothing else.</summary>
    private static Task RawUpsertAsync(StorageAccount raw, ActivityEvent[][] batches, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(batches, Options(cancellationToken), async (batch, ct) =>
        {
            foreach (var group in batch.GroupBy(e => e.UserId))
            {
                var table = await raw.EventsAsync(ShardMap.ShardOf(group.Key, Shards), ct);
                foreach (var chunk in group.Chunk(100))
                {
                    await table.SubmitTransactionAsync(chunk.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, ActivityEntity.ToEntity(e))), ct);
                }
            }
        });

    /// <summary>
    /// Set-up, not timed for a ratio and not the product's path: each user's profile as ingestion of their whole history
    /// would leave it, folded in memory and written with one upsert (one partition per user, so no batching), 64 at once.
    /// </summary>
    private static async Task LoadProfilesAsync(StorageAccount account, SyntheticPopulation population, int from, int to, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var loaded = 0;
        var options = new ParallelOptions { MaxDegreeOfParallelism = 8 * Parallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(from, to - from), options, async (i, ct) =>
        {
            var profile = ProfileFold.ApplyAll(ProfileUpdate.Apply(UserProfile.New(SyntheticPopulation.UserIdOf(i)), population.UserOf(i)), population.EventsOf(i));
            var table = await account.ProfilesAsync(ShardMap.ShardOf(profile.UserId, account.Options.ShardCount), ct);
            await table.UpsertEntityAsync(ProfileEntity.ToEntity(profile), TableUpdateMode.Replace, ct);
            var done = Interlocked.Increment(ref loaded);
            if (done % 50_000 == 0 || done == to - from)
            {
                Console.WriteLine($"  loading profiles (set-up): {done:N0}/{to - from:N0} ({100.0 * done / Math.Max(1, to - from):0}%), {done / watch.Elapsed.TotalSeconds:N0}/s");
            }
        });
    }

    /// <summary>The bare scan the sweep needs: the same tables, page size and columns, counting rows only.</summary>
    private static Task RawScanAsync(StorageAccount account, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(Enumerable.Range(0, account.Options.ShardCount), Options(cancellationToken), async (shard, ct) =>
        {
            var table = await account.ProfilesAsync(shard, ct);
            var rows = 0;
            await foreach (var page in table.QueryAsync<TableEntity>(filter: (string?)null,
                maxPerPage: SweepRunner.PageSize, select: ProfileEntity.SweepColumns, cancellationToken: ct).AsPages(pageSizeHint: SweepRunner.PageSize))
            {
                rows += page.Values.Count;
            }
        });

    private static async Task SweepAsync(SweepRunner runner, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        var run = await runner.StartAsync(asOf, cancellationToken);
        await Parallel.ForEachAsync(Enumerable.Range(0, run.ShardCount), Options(cancellationToken),
            async (shard, ct) => await runner.ProcessShardAsync(new SweepShardMessage(run.SweepDate, shard), cancellationToken: ct));
    }

    private static ParallelOptions Options(CancellationToken cancellationToken) =>
        new() { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken };

    private sealed record Figure(string Name, string Unit, double Product, double Raw, double ProductSeconds);

    private sealed record SweepStep(int Users, Figure First, Figure Daily, long FirstHandoffs, long DailyHandoffs, long Scanned);
}
