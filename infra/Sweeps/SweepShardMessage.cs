namespace Reactivation.Infra.Sweeps;

/// <summary>The <c>sweep-shards</c> queue message: classify one shard for one sweep day.</summary>
/// <remarks>A queue contract; add fields, never rename. Delivering it twice is harmless.</remarks>
/// <param name="SweepDate">The sweep day.</param>
/// <param name="Shard">The shard.</param>
public sealed record SweepShardMessage(DateOnly SweepDate, int Shard);
