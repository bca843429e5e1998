using Azure;
using Azure.Data.Tables;
using Reactivation.Core.Activity;
using Reactivation.Core.Profiles;
using Reactivation.Core.Sharding;
using Reactivation.Infra.Journeys;
using Reactivation.Infra.Storage;

namespace Reactivation.Infra.Ingestion;

/// <summary>Stores a validated batch of activity and folds it into the users' profiles.</summary>
/// <remarks>
/// Two steps per user, each idempotent, so a batch retried after a crash at any point converges to the same state:
/// 1. raw events are inserted into the shard's event table, one transaction per user (first write wins; an event
///    already stored is read back and its stored version used from then on);
/// 2. the stored versions are folded into the profile (<see cref="ProfileWriter"/>), which ignores repeats. The profile
///    is read while the events are inserted (the write, conditioned on that read, waits for the insert), so a known user
///    waits for two round trips in turn, not three. A profile that cannot say whether the user was ever enrolled in a
///    journey (new, or stored before the marker existed) learns it from the membership row on the way.
/// </remarks>
public sealed class ActivityIngestor(StorageAccount account, ProfileWriter profiles, JourneyStore journeys)
{
    private const int EventsPerTransaction = 100;

    /// <summary>Ingests <paramref name="events"/>, which must already be valid.</summary>
    public async Task<IngestionReport> IngestAsync(IReadOnlyList<ActivityEvent> events, CancellationToken cancellationToken = default)
    {
        var shardCount = account.Options.ShardCount;
        var byUser = events.GroupBy(e => e.UserId, StringComparer.Ordinal).ToArray();
        var enrolled = new HashSet<string>(StringComparer.Ordinal);
        var duplicates = 0;
        var created = 0;
        var gate = new Lock();
        var options = new ParallelOptions { MaxDegreeOfParallelism = account.Options.Parallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(byUser, options, async (group, ct) =>
        {
            var table = await account.EventsAsync(ShardMap.ShardOf(group.Key, shardCount), ct).ConfigureAwait(false);
            var storing = StoreUserEventsAsync(table, group.ToArray(), ct);
            var applying = profiles.ApplyAsync(group.Key, FoldAsync(storing), HasMembershipAsync, ct);
            await Task.WhenAll(storing, applying).ConfigureAwait(false);
            var write = await applying.ConfigureAwait(false);
            var (_, repeats) = await storing.ConfigureAwait(false);
            lock (gate)
            {
                duplicates += repeats;
                created += write.Created ? 1 : 0;
                if (write.EverEnrolled is not false)
                {
                    enrolled.Add(group.Key);
                }
            }
        }).ConfigureAwait(false);
        return new IngestionReport(events.Count - duplicates, duplicates, byUser.Length, created, enrolled);
    }

    private static async Task<Func<UserProfile, UserProfile>> FoldAsync(Task<(IReadOnlyList<ActivityEvent> Effective, int Duplicates)> storing)
    {
        var (effective, _) = await storing.ConfigureAwait(false);
        return p => ProfileFold.ApplyAll(p, effective);
    }

    private async Task<bool> HasMembershipAsync(string userId, CancellationToken cancellationToken)
    {
        var (_, etag, _) = await journeys.GetMemberAsync(userId, cancellationToken).ConfigureAwait(false);
        return etag != default;
    }

    private static async Task<(IReadOnlyList<ActivityEvent> Effective, int Duplicates)> StoreUserEventsAsync(
        TableClient table, ActivityEvent[] events, CancellationToken cancellationToken)
    {
        var effective = new List<ActivityEvent>(events.Length);
        var duplicates = 0;
        foreach (var chunk in events.Chunk(EventsPerTransaction))
        {
            var pending = chunk;
            for (var attempt = 1; pending.Length > 0; attempt++)
            {
                try
                {
                    if (pending.Length == 1)
                    {
                        // A one-entity transaction only adds the batch envelope's cost; a plain insert is just as atomic.
                        await table.AddEntityAsync(ActivityEntity.ToEntity(pending[0]), cancellationToken).ConfigureAwait(false);
                    }
                    else
                    {
                        await table.SubmitTransactionAsync(
                            pending.Select(e => new TableTransactionAction(TableTransactionActionType.Add, ActivityEntity.ToEntity(e))),
                            cancellationToken).ConfigureAwait(false);
                    }

                    effective.AddRange(pending);
                    break;
                }
                catch (RequestFailedException ex) when (ex.Status == 409 && attempt < 5)
                {
                    var (existing, fresh) = await SplitExistingAsync(table, pending, cancellationToken).ConfigureAwait(false);
                    effective.AddRange(existing);
                    duplicates += existing.Count;
                    pending = fresh;
                }
            }
        }

        return (effective, duplicates);
    }

    private static async Task<(List<ActivityEvent> Existing, ActivityEvent[] Fresh)> SplitExistingAsync(
        TableClient table, ActivityEvent[] events, CancellationToken cancellationToken)
    {
        var rows = await Task.WhenAll(events.Select(e =>
            table.GetEntityIfExistsAsync<TableEntity>(e.UserId, e.EventId, cancellationToken: cancellationToken))).ConfigureAwait(false);
        var existing = new List<ActivityEvent>();
        var fresh = new List<ActivityEvent>();
        for (var i = 0; i < events.Length; i++)
        {
            if (rows[i].HasValue)
            {
                existing.Add(ActivityEntity.FromEntity(rows[i].Value!));
            }
            else
            {
                fresh.Add(events[i]);
            }
        }

        return (existing, fresh.ToArray());
    }
}
