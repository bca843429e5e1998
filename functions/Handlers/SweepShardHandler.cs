using System.Text.Json;
using Reactivation.Functions.Hosting;
using Reactivation.Infra.Sweeps;

namespace Reactivation.Functions.Handlers;

/// <summary>Classifies one shard of a sweep.</summary>
public sealed class SweepShardHandler(SweepRunner runner) : IQueueHandler
{
    /// <inheritdoc />
    public async Task<string> HandleAsync(string message, int dequeueCount, CancellationToken cancellationToken)
    {
        var shard = JsonSerializer.Deserialize<SweepShardMessage>(message, SweepJson.Options)
            ?? throw new JsonException("the sweep shard message is empty");
        var done = await runner.ProcessShardAsync(shard, cancellationToken: cancellationToken).ConfigureAwait(false);
        return $"sweep {shard.SweepDate:yyyy-MM-dd} shard {shard.Shard}: {done.Counts.Scanned} users, {done.Counts.Silent} silent (attempt {dequeueCount})";
    }
}
