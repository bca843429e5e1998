using Azure.Data.Tables;
using Reactivation.Infra.Storage;

namespace Reactivation.Infra.Journeys;

/// <summary>
/// The safety net under the queue: finds every running or pending instance whose due time passed more than the grace
/// period ago and wakes it, so a lost, expired or poisoned message never strands a journey.
/// </summary>
public sealed class JourneyRepair(JourneyStore store, JourneyQueue queue, JourneyOptions options, StorageAccount account, TimeProvider clock)
{
    /// <summary>Scans every shard once.</summary>
    /// <returns>How many instances were woken.</returns>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var cutoff = clock.GetUtcNow() - options.RepairGrace;
        var woken = 0;
        await Parallel.ForEachAsync(
            Enumerable.Range(0, account.Options.ShardCount),
            new ParallelOptions { MaxDegreeOfParallelism = account.Options.Parallelism, CancellationToken = cancellationToken },
            async (shard, ct) =>
            {
                var table = await store.ShardTableAsync(shard, ct).ConfigureAwait(false);
                var filter = TableClient.CreateQueryFilter(
                    $"RowKey eq {InstanceRow.InstanceKey} and (Status eq 'Running' or Status eq 'Pending') and DueAt le {cutoff}");
                await foreach (var row in table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "Sequence"], cancellationToken: ct).ConfigureAwait(false))
                {
                    await queue.PutAsync(new JourneyMessage { Id = row.PartitionKey, Kind = JourneyMessageKind.Repair }, ct).ConfigureAwait(false);
                    Interlocked.Increment(ref woken);
                }
            }).ConfigureAwait(false);
        return woken;
    }
}
