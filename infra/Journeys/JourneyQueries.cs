using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Azure.Data.Tables;
using Reactivation.Core.Journeys;
using Reactivation.Infra.Storage;

namespace Reactivation.Infra.Journeys;

/// <summary>Lists and purges instances across the shard tables, with paging by continuation token.</summary>
public sealed class JourneyQueries(JourneyStore store, StorageAccount account)
{
    /// <summary>One page of instances matching <paramref name="query"/>.</summary>
    /// <returns>The states, and the token for the next page (null on the last).</returns>
    /// <exception cref="FormatException">The continuation token is not one this API issued.</exception>
    public async Task<(IReadOnlyList<JourneyState> Instances, string? Continuation)> ListAsync(
        InstanceQuery query, int top, string? continuation, CancellationToken cancellationToken)
    {
        var (shard, token) = Decode(continuation);
        var filter = Filter(query);
        var found = new List<JourneyState>(top);
        while (shard < account.Options.ShardCount && found.Count < top)
        {
            var table = await store.ShardTableAsync(shard, cancellationToken).ConfigureAwait(false);
            string? next = null;
            await foreach (var page in table.QueryAsync<TableEntity>(filter, maxPerPage: top - found.Count, cancellationToken: cancellationToken)
                               .AsPages(token, top - found.Count).ConfigureAwait(false))
            {
                found.AddRange(page.Values.Select(InstanceRow.FromEntity));
                next = page.ContinuationToken;
                break;
            }

            if (next is null)
            {
                shard++;
                token = null;
            }
            else
            {
                token = next;
            }
        }

        return (found, shard < account.Options.ShardCount ? Encode(shard, token) : null);
    }

    /// <summary>Purges every ended instance matching <paramref name="query"/>; running ones are never purged.</summary>
    /// <returns>How many were deleted.</returns>
    public async Task<int> PurgeAsync(InstanceQuery query, CancellationToken cancellationToken)
    {
        var ended = new[] { InstanceStatus.Completed, InstanceStatus.Failed, InstanceStatus.Terminated };
        var statuses = query.Statuses is null ? ended : query.Statuses.Intersect(ended).ToArray();
        if (statuses.Length == 0)
        {
            return 0;
        }

        var filter = Filter(query with { Statuses = statuses });
        var deleted = 0;
        await Parallel.ForEachAsync(
            Enumerable.Range(0, account.Options.ShardCount),
            new ParallelOptions { MaxDegreeOfParallelism = account.Options.Parallelism, CancellationToken = cancellationToken },
            async (shard, ct) =>
            {
                var table = await store.ShardTableAsync(shard, ct).ConfigureAwait(false);
                var ids = new List<string>();
                await foreach (var row in table.QueryAsync<TableEntity>(filter, select: ["PartitionKey"], cancellationToken: ct).ConfigureAwait(false))
                {
                    ids.Add(row.PartitionKey);
                }

                foreach (var id in ids)
                {
                    if (await store.PurgeAsync(id, ct).ConfigureAwait(false))
                    {
                        Interlocked.Increment(ref deleted);
                    }
                }
            }).ConfigureAwait(false);
        return deleted;
    }

    private static string Filter(InstanceQuery query)
    {
        var parts = new List<string> { TableClient.CreateQueryFilter($"RowKey eq {InstanceRow.InstanceKey}") };
        if (query.JourneyId is { } journey)
        {
            parts.Add(TableClient.CreateQueryFilter($"JourneyId eq {journey}"));
        }

        if (query.Statuses is { Count: > 0 } statuses)
        {
            parts.Add("(" + string.Join(" or ", statuses.Select(s => TableClient.CreateQueryFilter($"Status eq {s.ToString()}"))) + ")");
        }

        if (query.CreatedFrom is { } from)
        {
            parts.Add(TableClient.CreateQueryFilter($"CreatedAt ge {from}"));
        }

        if (query.CreatedTo is { } to)
        {
            parts.Add(TableClient.CreateQueryFilter($"CreatedAt lt {to}"));
        }

        return string.Join(" and ", parts);
    }

    private static string Encode(int shard, string? token) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{shard.ToString(CultureInfo.InvariantCulture)}|{token}"));

    private static (int Shard, string? Token) Decode(string? continuation)
    {
        if (string.IsNullOrEmpty(continuation))
        {
            return (0, null);
        }

        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(continuation));
            var parts = text.Split('|', 2);
            return parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var shard)
                ? (shard, parts[1].Length == 0 ? null : parts[1])
                : throw new FormatException("the continuation token is not valid");
        }
        catch (Exception ex) when (ex is not FormatException)
        {
            throw new FormatException("the continuation token is not valid", ex);
        }
    }
}
