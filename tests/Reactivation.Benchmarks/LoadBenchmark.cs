using Azure.Data.Tables;
using Reactivation.Core.Activity;
using Reactivation.Core.Profiles;
using Reactivation.Core.Sharding;
using Reactivation.Core.Silence;
using Reactivation.Core.Sweeps;
using Reactivation.Core.Users;
using Reactivation.Infra.Ingestion;
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
    public static async Task<int> RunAsync(int users, int historyUsers, string commandLine, CancellationToken cancellationToken)
    {
        Console.WriteLine($"load benchmark: {users:N0} users ({historyUsers:N0} with full histories through ingestion), {Shards} shards, {Parallelism} in flight");
        await using var azurite = await AzuriteProcess.StartAsync(cancellationToken: cancellationToken);
        var population = new SyntheticPopulation(42, AsOf);
        var figures = new List<Figure>();

        // Ingestion, history-shaped: each batch holds whole histories, as imports and backfills send them.
        var product = Account(azurite, "bench");
        var history = Enumerable.Range(0, historyUsers).SelectMany(population.EventsOf).Chunk(1_000).ToArray();
        figures.Add(await CompareAsync("ingestion, batches of histories", "events/s", history.Sum(b => b.Length),
            () => IngestAsync(product, history, cancellationToken),
            () => RawUpsertAsync(Account(azurite, "raw"), history, cancellationToken)));

        // Ingestion, spread: every event in a batch is a different user, as live traffic sends them.
        var spread = Enumerable.Range(users, historyUsers).Select(i => population.EventsOf(i)[^1]).Chunk(1_000).ToArray();
        figures.Add(await CompareAsync("ingestion, one event per user", "events/s", spread.Sum(b => b.Length),
            () => IngestAsync(Account(azurite, "spread"), spread, cancellationToken),
            () => RawUpsertAsync(Account(azurite, "rawspread"), spread, cancellationToken)));

        await LoadProfilesAsync(product, population, historyUsers, users, cancellationToken);
        var runner = new SweepRunner(product, new SweepStore(product), new QueueHandoffPublisher(product), new SilencePolicy(), TimeProvider.System);
        figures.Add(await CompareAsync("first sweep (counts the population, hands off every silent user)", "users/s", users,
            () => SweepAsync(runner, AsOf.AddDays(-1), cancellationToken),
            () => RawScanAsync(product, cancellationToken)));
        figures.Add(await CompareAsync("daily sweep (steady state)", "users/s", users,
            () => SweepAsync(runner, AsOf, cancellationToken),
            () => RawScanAsync(product, cancellationToken)));
        var first = await new SweepStore(product).GetSummaryAsync(DateOnly.FromDateTime(AsOf.AddDays(-1).UtcDateTime), cancellationToken);
        var daily = await new SweepStore(product).GetSummaryAsync(DateOnly.FromDateTime(AsOf.UtcDateTime), cancellationToken);

        Console.WriteLine();
        Console.WriteLine($"command: dotnet run -c Release --project tests/Reactivation.Benchmarks -- {commandLine}");
        Console.WriteLine($"{"figure",-60} {"product",16} {"raw baseline",16} {"ratio",7}  {"product s",10}");
        foreach (var f in figures)
        {
            Console.WriteLine($"{f.Name,-60} {f.Product,12:N0} {f.Unit[..^2],3} {f.Raw,12:N0} {f.Unit[..^2],3} {f.Product / f.Raw,7:0.00}  {f.ProductSeconds,10:0.0}");
        }

        Console.WriteLine($"hand-offs: first sweep {first?.Counts.Handoffs.Values.Sum():N0}, daily sweep {daily?.Counts.Handoffs.Values.Sum():N0}; " +
            $"silent users {daily?.Counts.Silent:N0} of {daily?.Counts.Scanned:N0}");
        var dailyRate = figures[^1].Product;
        Console.WriteLine(users >= 1_000_000
            ? $"daily sweep of {users:N0} users took {figures[^1].ProductSeconds:0.0} s (budget 60 s)"
            : $"at the measured daily-sweep rate, 1,000,000 users would take {1_000_000 / dailyRate:0} s (budget 60 s)");
        return daily?.Counts.Scanned == users ? 0 : 1;
    }

    private static StorageAccount Account(AzuriteProcess azurite, string prefix) =>
        new(new StorageOptions { ConnectionString = azurite.ConnectionString, Prefix = prefix, ShardCount = Shards, Parallelism = Parallelism });

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
        var ingestor = new ActivityIngestor(account, new ProfileWriter(account, new PhoneIndex(account), new Reactivation.Infra.Policy.ContactState(account), TimeProvider.System));
        return Parallel.ForEachAsync(batches, Options(cancellationToken), async (batch, ct) => await ingestor.IngestAsync(batch, ct));
    }

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

    /// <summary>Set-up, not timed for a ratio: profiles for the users without ingested histories, one upsert each (one partition per user).</summary>
    private static async Task LoadProfilesAsync(StorageAccount account, SyntheticPopulation population, int from, int to, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var loaded = 0;
        var options = new ParallelOptions { MaxDegreeOfParallelism = 4 * Parallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(from, to - from), options, async (i, ct) =>
        {
            var profile = ProfileFold.ApplyAll(ProfileUpdate.Apply(UserProfile.New(SyntheticPopulation.UserIdOf(i)), population.UserOf(i)), population.EventsOf(i));
            var table = await account.ProfilesAsync(ShardMap.ShardOf(profile.UserId, Shards), ct);
            await table.UpsertEntityAsync(ProfileEntity.ToEntity(profile), TableUpdateMode.Replace, ct);
            var done = Interlocked.Increment(ref loaded);
            if (done % 20_000 == 0 || done == to - from)
            {
                Console.WriteLine($"  loading profiles (set-up): {done:N0}/{to - from:N0} ({100.0 * done / Math.Max(1, to - from):0}%), {done / watch.Elapsed.TotalSeconds:N0}/s");
            }
        });
    }

    /// <summary>The bare scan the sweep needs: the same tables, page size and columns, counting rows only.</summary>
    private static Task RawScanAsync(StorageAccount account, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(Enumerable.Range(0, Shards), Options(cancellationToken), async (shard, ct) =>
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
}
