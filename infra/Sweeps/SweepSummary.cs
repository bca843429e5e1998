using Reactivation.Core.Sweeps;

namespace Reactivation.Infra.Sweeps;

/// <summary>A day's sweep as the API and CLI show it.</summary>
/// <param name="Run">The run as started.</param>
/// <param name="ShardsComplete">Shards finished.</param>
/// <param name="Counts">What the finished and in-progress pages found.</param>
/// <param name="Population">Users, purchasers and spend the sweep saw; the next sweep takes its RFM mean from these.</param>
/// <param name="CompletedAt">When the last shard finished, once all have.</param>
public sealed record SweepSummary(SweepRun Run, int ShardsComplete, SweepCounts Counts, PopulationStats Population, DateTimeOffset? CompletedAt)
{
    /// <summary>Running or complete.</summary>
    public string Status => ShardsComplete == Run.ShardCount ? "complete" : "running";

    /// <summary>From start to the last shard's finish.</summary>
    public TimeSpan? Duration => CompletedAt - Run.StartedAt;
}
