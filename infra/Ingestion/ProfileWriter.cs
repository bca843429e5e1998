using Azure;
using Azure.Data.Tables;
using Reactivation.Core.Profiles;
using Reactivation.Core.Sharding;
using Reactivation.Core.Sweeps;
using Reactivation.Infra.Storage;

namespace Reactivation.Infra.Ingestion;

/// <summary>Applies changes to profiles, a shard at a time, each chunk of up to 99 profiles plus the shard's stats row in one transaction.</summary>
/// <remarks>
/// Every write is conditioned on the ETag read, so concurrent writers never lose each other's updates: a conflict
/// (412 or 409) reloads the chunk and applies the (idempotent) change again. The shard totals row is cached with its
/// ETag after each write, so a lone writer does not read it again; when another writer (or host) moved it on, the
/// conditional write fails and the row is read afresh.
/// </remarks>
public sealed class ProfileWriter(StorageAccount account, TimeProvider clock)
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, CachedStats> _stats = new();

    private const int ProfilesPerTransaction = 99;
    private const int MaxAttempts = 20;

    /// <summary>Applies <paramref name="changes"/> (user id to change) to profiles in every shard they touch.</summary>
    /// <returns>How many profiles were created and how many changed.</returns>
    public async Task<ProfileWriteReport> ApplyAsync(
        IReadOnlyDictionary<string, Func<UserProfile, UserProfile>> changes, CancellationToken cancellationToken = default)
    {
        var shardCount = account.Options.ShardCount;
        var byShard = changes.Keys.GroupBy(u => ShardMap.ShardOf(u, shardCount)).ToArray();
        var created = 0;
        var updated = 0;
        await Parallel.ForEachAsync(byShard, Parallelism(cancellationToken), async (group, ct) =>
        {
            foreach (var chunk in group.Order(StringComparer.Ordinal).Chunk(ProfilesPerTransaction))
            {
                var (c, u) = await ApplyChunkAsync(group.Key, chunk, changes, ct).ConfigureAwait(false);
                Interlocked.Add(ref created, c);
                Interlocked.Add(ref updated, u);
            }
        }).ConfigureAwait(false);
        return new ProfileWriteReport(created, updated);
    }

    /// <summary>Reads one profile, or null.</summary>
    public async Task<UserProfile?> GetAsync(string userId, CancellationToken cancellationToken = default)
    {
        var shard = ShardMap.ShardOf(userId, account.Options.ShardCount);
        var table = await account.ProfilesAsync(shard, cancellationToken).ConfigureAwait(false);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(ProfileEntity.PartitionOf(shard), userId, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        return row.HasValue ? ProfileEntity.FromEntity(row.Value!) : null;
    }

    /// <summary>Reads the population totals of every shard.</summary>
    public async Task<PopulationStats> ReadPopulationAsync(CancellationToken cancellationToken = default)
    {
        var totals = new PopulationStats[account.Options.ShardCount];
        await Parallel.ForEachAsync(Enumerable.Range(0, totals.Length), Parallelism(cancellationToken), async (shard, ct) =>
        {
            var table = await account.ProfilesAsync(shard, ct).ConfigureAwait(false);
            var row = await table.GetEntityIfExistsAsync<TableEntity>(ProfileEntity.PartitionOf(shard), ShardStatsEntity.RowKey, cancellationToken: ct)
                .ConfigureAwait(false);
            totals[shard] = ShardStatsEntity.FromEntity(row.HasValue ? row.Value : null);
        }).ConfigureAwait(false);
        return totals.Aggregate(default(PopulationStats), (sum, s) => sum.Plus(s));
    }

    private async Task<(int Created, int Updated)> ApplyChunkAsync(
        int shard, string[] userIds, IReadOnlyDictionary<string, Func<UserProfile, UserProfile>> changes, CancellationToken cancellationToken)
    {
        var table = await account.ProfilesAsync(shard, cancellationToken).ConfigureAwait(false);
        var partition = ProfileEntity.PartitionOf(shard);
        for (var attempt = 1; ; attempt++)
        {
            var cached = attempt == 1 && _stats.TryGetValue(shard, out var known) ? known : null;
            var statsRead = cached is null
                ? table.GetEntityIfExistsAsync<TableEntity>(partition, ShardStatsEntity.RowKey, cancellationToken: cancellationToken)
                : null;
            var rows = await Task.WhenAll(userIds.Select(u =>
                table.GetEntityIfExistsAsync<TableEntity>(partition, u, cancellationToken: cancellationToken))).ConfigureAwait(false);
            if (statsRead is not null)
            {
                var read = await statsRead.ConfigureAwait(false);
                cached = read.HasValue ? new CachedStats(ShardStatsEntity.FromEntity(read.Value), read.Value!.ETag) : new CachedStats(default, null);
            }

            var actions = new List<TableTransactionAction>(userIds.Length + 1);
            var after = cached!.Stats;
            var created = 0;
            for (var i = 0; i < userIds.Length; i++)
            {
                var existing = rows[i].HasValue ? rows[i].Value : null;
                var old = existing is null ? null : ProfileEntity.FromEntity(existing);
                var next = changes[userIds[i]](old ?? UserProfile.New(userIds[i]));
                if (next.FirstSeenAt is null)
                {
                    next = next with { FirstSeenAt = clock.GetUtcNow() };
                }

                if (old is not null && old.SameAs(next))
                {
                    continue;
                }

                after = after.Plus(Delta(old, next));
                var entity = ProfileEntity.ToEntity(next, shard);
                actions.Add(existing is null
                    ? new TableTransactionAction(TableTransactionActionType.Add, entity)
                    : new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, existing.ETag));
                created += existing is null ? 1 : 0;
            }

            if (actions.Count == 0)
            {
                return (0, 0);
            }

            var statsEntity = ShardStatsEntity.ToEntity(after, shard);
            actions.Add(cached.ETag is { } etag
                ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, statsEntity, etag)
                : new TableTransactionAction(TableTransactionActionType.Add, statsEntity));
            try
            {
                var response = await table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
                if (response.Value[^1].Headers.ETag is { } written)
                {
                    _stats[shard] = new CachedStats(after, written);
                }
                else
                {
                    _stats.TryRemove(shard, out _);
                }

                return (created, actions.Count - 1 - created);
            }
            catch (TableTransactionFailedException ex) when (IsConflict(ex.Status) && attempt < MaxAttempts)
            {
                await Backoff.DelayAsync(attempt, cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (IsConflict(ex.Status) && attempt < MaxAttempts)
            {
                await Backoff.DelayAsync(attempt, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static PopulationStats Delta(UserProfile? old, UserProfile next) => new(
        old is null ? 1 : 0,
        (old?.PurchaseCount > 0 ? 0 : 1) * (next.PurchaseCount > 0 ? 1 : 0),
        next.TotalSpend - (old?.TotalSpend ?? 0m));

    private static bool IsConflict(int status) => status is 409 or 412;

    /// <summary>The shard totals as last written by this process, and the ETag that write produced (null: no row yet).</summary>
    private sealed record CachedStats(PopulationStats Stats, ETag? ETag);

    private ParallelOptions Parallelism(CancellationToken cancellationToken) =>
        new() { MaxDegreeOfParallelism = account.Options.Parallelism, CancellationToken = cancellationToken };
}
