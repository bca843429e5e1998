using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Reactivation.Core.Silence;
using Reactivation.Core.Sweeps;
using Reactivation.Infra.Storage;

namespace Reactivation.Infra.Sweeps;

/// <summary>Sweep runs, shard checkpoints and packed results in the <c>sweeps</c> table.</summary>
/// <remarks>
/// Storage contract, version 1:
/// - run: PartitionKey <c>runs</c>, RowKey <c>yyyyMMdd</c>;
/// - shard checkpoint: PartitionKey <c>yyyyMMdd-ssss</c>, RowKey <c>state</c>;
/// - a page of results: the same PartitionKey, RowKey <c>p000000</c>…, results packed by <see cref="SweepResultCodec"/>
///   in binary parts <c>R*</c>, the page's hand-offs as JSON in <c>H*</c>, and <c>Dispatched</c> once they are published.
/// A page and its checkpoint share a partition so they commit in one transaction.
/// </remarks>
public sealed class SweepStore(StorageAccount account)
{
    private const string RunsPartition = "runs";
    private const string StateRow = "state";

    /// <summary>The run for a day, or null.</summary>
    public async Task<SweepRun?> GetRunAsync(DateOnly date, CancellationToken cancellationToken = default)
    {
        var table = await account.SweepsAsync(cancellationToken).ConfigureAwait(false);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(RunsPartition, Key(date), cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? ToRun(row.Value!) : null;
    }

    /// <summary>Creates the run; false when it already existed (someone else started it).</summary>
    public async Task<bool> TryCreateRunAsync(SweepRun run, CancellationToken cancellationToken = default)
    {
        var table = await account.SweepsAsync(cancellationToken).ConfigureAwait(false);
        var entity = new TableEntity(RunsPartition, Key(run.SweepDate))
        {
            ["AsOf"] = run.AsOf,
            ["ShardCount"] = run.ShardCount,
            ["MeanSpend"] = run.MeanSpend.ToString(CultureInfo.InvariantCulture),
            ["Users"] = run.Users,
            ["PreviousSweepDate"] = run.PreviousSweepDate is { } p ? Key(p) : null,
            ["StartedAt"] = run.StartedAt,
        };
        try
        {
            await table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    /// <summary>Every run day, newest first.</summary>
    public async Task<IReadOnlyList<DateOnly>> ListRunDatesAsync(CancellationToken cancellationToken = default)
    {
        var table = await account.SweepsAsync(cancellationToken).ConfigureAwait(false);
        var dates = new List<DateOnly>();
        await foreach (var row in table.QueryAsync<TableEntity>($"PartitionKey eq '{RunsPartition}'", select: ["RowKey"], cancellationToken: cancellationToken)
            .ConfigureAwait(false))
        {
            dates.Add(ParseKey(row.RowKey));
        }

        return dates.OrderDescending().ToArray();
    }

    /// <summary>A shard's checkpoint, or null before the shard starts.</summary>
    public async Task<ShardCheckpoint?> GetCheckpointAsync(DateOnly date, int shard, CancellationToken cancellationToken = default)
    {
        var table = await account.SweepsAsync(cancellationToken).ConfigureAwait(false);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(ShardPartition(date, shard), StateRow, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        return row.HasValue ? ToCheckpoint(row.Value!) : null;
    }

    /// <summary>Creates a shard's first checkpoint, or returns the one another worker created first.</summary>
    public async Task<ShardCheckpoint> StartShardAsync(DateOnly date, int shard, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var table = await account.SweepsAsync(cancellationToken).ConfigureAwait(false);
        var fresh = new ShardCheckpoint(0, null, false, SweepCounts.Empty, default, now, null, default);
        try
        {
            var response = await table.AddEntityAsync(ToEntity(date, shard, fresh), cancellationToken).ConfigureAwait(false);
            return fresh with { ETag = response.Headers.ETag ?? default };
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return (await GetCheckpointAsync(date, shard, cancellationToken).ConfigureAwait(false))!;
        }
    }

    /// <summary>Commits a page of results and the checkpoint after it in one transaction.</summary>
    /// <param name="date">The sweep day.</param>
    /// <param name="shard">The shard.</param>
    /// <param name="page">The page number.</param>
    /// <param name="results">The page's results.</param>
    /// <param name="handoffs">The page's hand-offs, kept so a resumed shard can republish them.</param>
    /// <param name="next">The checkpoint after this page.</param>
    /// <param name="expected">The ETag of the checkpoint before this page.</param>
    /// <param name="dispatchedPage">A page whose hand-offs are published, marked in the same transaction (saves a write per page).</param>
    /// <param name="cancellationToken">Cancels the commit.</param>
    /// <returns>The new checkpoint, or null when another worker committed this page first.</returns>
    public async Task<ShardCheckpoint?> CommitPageAsync(
        DateOnly date, int shard, int page, IReadOnlyList<SweepResult> results, IReadOnlyList<EnrollmentHandoff> handoffs,
        ShardCheckpoint next, ETag expected, int? dispatchedPage, CancellationToken cancellationToken = default)
    {
        var table = await account.SweepsAsync(cancellationToken).ConfigureAwait(false);
        var chunk = new TableEntity(ShardPartition(date, shard), PageKey(page)) { ["Count"] = results.Count, ["Dispatched"] = false };
        BinaryParts.Write(chunk, "R", SweepResultCodec.Encode(results));
        BinaryParts.Write(chunk, "H", JsonSerializer.SerializeToUtf8Bytes(handoffs, SweepJson.Options));
        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.UpsertReplace, chunk),
            new(TableTransactionActionType.UpdateReplace, ToEntity(date, shard, next), expected),
        };
        if (dispatchedPage is { } dispatched)
        {
            actions.Add(new TableTransactionAction(TableTransactionActionType.UpdateMerge, DispatchedMark(date, shard, dispatched), ETag.All));
        }

        try
        {
            var response = await table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
            return next with { ETag = response.Value[1].Headers.ETag ?? default };
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 412 or 409)
        {
            return null;
        }
    }

    /// <summary>Records on the page's row that its hand-offs are all on the queue.</summary>
    public async Task MarkPageDispatchedAsync(DateOnly date, int shard, int page, CancellationToken cancellationToken = default)
    {
        var table = await account.SweepsAsync(cancellationToken).ConfigureAwait(false);
        await table.UpdateEntityAsync(DispatchedMark(date, shard, page), ETag.All, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
    }

    private static TableEntity DispatchedMark(DateOnly date, int shard, int page) =>
        new(ShardPartition(date, shard), PageKey(page)) { ["Dispatched"] = true };

    /// <summary>The committed pages of a shard whose hand-offs are not recorded as published, in order.</summary>
    public async Task<IReadOnlyList<int>> UndispatchedPagesAsync(DateOnly date, int shard, CancellationToken cancellationToken = default)
    {
        var table = await account.SweepsAsync(cancellationToken).ConfigureAwait(false);
        var filter = $"PartitionKey eq '{ShardPartition(date, shard)}' and RowKey ge 'p' and RowKey lt 'q'";
        var pages = new List<int>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, select: ["RowKey", "Dispatched"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (row.GetBoolean("Dispatched") != true)
            {
                pages.Add(int.Parse(row.RowKey.AsSpan(1), CultureInfo.InvariantCulture));
            }
        }

        return pages;
    }

    /// <summary>The hand-offs recorded with a page.</summary>
    public async Task<IReadOnlyList<EnrollmentHandoff>> GetPageHandoffsAsync(DateOnly date, int shard, int page, CancellationToken cancellationToken = default)
    {
        var table = await account.SweepsAsync(cancellationToken).ConfigureAwait(false);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(ShardPartition(date, shard), PageKey(page), cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        return row.HasValue
            ? JsonSerializer.Deserialize<EnrollmentHandoff[]>(BinaryParts.Read(row.Value!, "H"), SweepJson.Options) ?? []
            : [];
    }

    /// <summary>Every result of a shard's sweep, page by page.</summary>
    public async IAsyncEnumerable<SweepResult> ReadResultsAsync(
        DateOnly date, int shard, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var table = await account.SweepsAsync(cancellationToken).ConfigureAwait(false);
        var filter = $"PartitionKey eq '{ShardPartition(date, shard)}' and RowKey ge 'p' and RowKey lt 'q'";
        await foreach (var row in table.QueryAsync<TableEntity>(filter, maxPerPage: 50, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            foreach (var result in SweepResultCodec.Decode(BinaryParts.Read(row, "R")))
            {
                yield return result;
            }
        }
    }

    /// <summary>The standing of every user in a shard at a past sweep.</summary>
    public async Task<Dictionary<string, PreviousStanding>> LoadStandingsAsync(DateOnly date, int shard, CancellationToken cancellationToken = default)
    {
        var standings = new Dictionary<string, PreviousStanding>(StringComparer.Ordinal);
        await foreach (var r in ReadResultsAsync(date, shard, cancellationToken).ConfigureAwait(false))
        {
            standings[r.UserId] = new PreviousStanding(r.Band, r.EarlyWarning);
        }

        return standings;
    }

    /// <summary>A day's sweep summary, or null when no sweep ran that day.</summary>
    public async Task<SweepSummary?> GetSummaryAsync(DateOnly date, CancellationToken cancellationToken = default)
    {
        if (await GetRunAsync(date, cancellationToken).ConfigureAwait(false) is not { } run)
        {
            return null;
        }

        var checkpoints = await Task.WhenAll(Enumerable.Range(0, run.ShardCount)
            .Select(shard => GetCheckpointAsync(date, shard, cancellationToken))).ConfigureAwait(false);
        var present = checkpoints.OfType<ShardCheckpoint>().ToArray();
        var complete = present.Count(c => c.Complete);
        var counts = present.Aggregate(SweepCounts.Empty, (sum, c) => sum.Plus(c.Counts));
        var population = present.Aggregate(default(PopulationStats), (sum, c) => sum.Plus(c.Population));
        var completedAt = complete == run.ShardCount ? present.Max(c => c.CompletedAt) : null;
        return new SweepSummary(run, complete, counts, population, completedAt);
    }

    /// <summary>True when every shard of the day's sweep finished.</summary>
    public async Task<bool> IsCompleteAsync(DateOnly date, CancellationToken cancellationToken = default) =>
        await GetSummaryAsync(date, cancellationToken).ConfigureAwait(false) is { Status: "complete" };

    private static TableEntity ToEntity(DateOnly date, int shard, ShardCheckpoint c) => new(ShardPartition(date, shard), StateRow)
    {
        ["NextPage"] = c.NextPage,
        ["ContinuationToken"] = c.ContinuationToken,
        ["Complete"] = c.Complete,
        ["Counts"] = JsonSerializer.Serialize(c.Counts, SweepJson.Options),
        ["Users"] = c.Population.Users,
        ["Purchasers"] = c.Population.Purchasers,
        ["Spend"] = c.Population.TotalSpend.ToString(CultureInfo.InvariantCulture),
        ["StartedAt"] = c.StartedAt,
        ["CompletedAt"] = c.CompletedAt,
    };

    private static ShardCheckpoint ToCheckpoint(TableEntity e) => new(
        e.GetInt32("NextPage") ?? 0,
        e.GetString("ContinuationToken"),
        e.GetBoolean("Complete") ?? false,
        JsonSerializer.Deserialize<SweepCounts>(e.GetString("Counts") ?? "{}", SweepJson.Options) ?? SweepCounts.Empty,
        new PopulationStats(e.GetInt64("Users") ?? 0, e.GetInt64("Purchasers") ?? 0, decimal.Parse(e.GetString("Spend") ?? "0", CultureInfo.InvariantCulture)),
        e.GetDateTimeOffset("StartedAt") ?? default,
        e.GetDateTimeOffset("CompletedAt"),
        e.ETag);

    private static SweepRun ToRun(TableEntity e) => new(
        ParseKey(e.RowKey),
        e.GetDateTimeOffset("AsOf") ?? default,
        e.GetInt32("ShardCount") ?? 0,
        decimal.Parse(e.GetString("MeanSpend") ?? "0", CultureInfo.InvariantCulture),
        e.GetInt64("Users") ?? 0,
        e.GetString("PreviousSweepDate") is { } p ? ParseKey(p) : null,
        e.GetDateTimeOffset("StartedAt") ?? default);

    private static string ShardPartition(DateOnly date, int shard) => $"{Key(date)}-{shard:D4}";

    private static string PageKey(int page) => $"p{page:D6}";

    private static string Key(DateOnly date) => date.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    private static DateOnly ParseKey(string key) => DateOnly.ParseExact(key, "yyyyMMdd", CultureInfo.InvariantCulture);
}
