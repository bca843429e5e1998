namespace Reactivation.Core.Sweeps;

/// <summary>When each hand-off of one page of one shard may be enrolled.</summary>
/// <param name="RunStartedAt">When the sweep run was created: the release schedule's origin, the same on every re-run.</param>
/// <param name="FirstOrdinal">How many hand-offs the shard made before this page.</param>
/// <param name="ShardCount">The run's shards.</param>
/// <param name="Pacing">The burst and the rate.</param>
public sealed record HandoffRelease(DateTimeOffset RunStartedAt, long FirstOrdinal, int ShardCount, HandoffPacing Pacing)
{
    /// <summary>Released as soon as published: for hand-offs made outside a sweep's schedule.</summary>
    public static HandoffRelease Immediate { get; } = new(DateTimeOffset.MinValue, 0, 1, new HandoffPacing());

    /// <summary>When the page's hand-off at <paramref name="index"/> is released.</summary>
    public DateTimeOffset At(int index) =>
        RunStartedAt == DateTimeOffset.MinValue ? DateTimeOffset.MinValue : RunStartedAt + Pacing.ReleaseAfter(FirstOrdinal + index, ShardCount);
}
