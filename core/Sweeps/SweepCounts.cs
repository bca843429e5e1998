using System.Collections.Immutable;
using Reactivation.Core.Silence;

namespace Reactivation.Core.Sweeps;

/// <summary>What a sweep (or one shard of it) found, as counts.</summary>
public sealed record SweepCounts
{
    /// <summary>Users scanned.</summary>
    public long Scanned { get; init; }

    /// <summary>Users per band (all users, active included).</summary>
    public ImmutableSortedDictionary<DormancyBand, long> ByBand { get; init; } = ImmutableSortedDictionary<DormancyBand, long>.Empty;

    /// <summary>Silent users per tier.</summary>
    public ImmutableSortedDictionary<ValueTier, long> SilentByTier { get; init; } = ImmutableSortedDictionary<ValueTier, long>.Empty;

    /// <summary>Silent users per cause.</summary>
    public ImmutableSortedDictionary<SilenceCause, long> SilentByCause { get; init; } = ImmutableSortedDictionary<SilenceCause, long>.Empty;

    /// <summary>Active users with an early warning.</summary>
    public long EarlyWarnings { get; init; }

    /// <summary>Hand-offs per reason.</summary>
    public ImmutableSortedDictionary<HandoffReason, long> Handoffs { get; init; } = ImmutableSortedDictionary<HandoffReason, long>.Empty;

    /// <summary>No users.</summary>
    public static SweepCounts Empty { get; } = new();

    /// <summary>Counts one result and its hand-off decision.</summary>
    public SweepCounts Add(SweepResult result, HandoffReason? handoff) => this with
    {
        Scanned = Scanned + 1,
        ByBand = Increment(ByBand, result.Band),
        SilentByTier = result.IsSilent ? Increment(SilentByTier, result.Tier) : SilentByTier,
        SilentByCause = result.IsSilent ? Increment(SilentByCause, result.Cause) : SilentByCause,
        EarlyWarnings = EarlyWarnings + (result.EarlyWarning ? 1 : 0),
        Handoffs = handoff is { } reason ? Increment(Handoffs, reason) : Handoffs,
    };

    /// <summary>Adds two sets of counts (shards into a sweep).</summary>
    public SweepCounts Plus(SweepCounts other) => new()
    {
        Scanned = Scanned + other.Scanned,
        ByBand = Merge(ByBand, other.ByBand),
        SilentByTier = Merge(SilentByTier, other.SilentByTier),
        SilentByCause = Merge(SilentByCause, other.SilentByCause),
        EarlyWarnings = EarlyWarnings + other.EarlyWarnings,
        Handoffs = Merge(Handoffs, other.Handoffs),
    };

    /// <summary>Silent users overall.</summary>
    public long Silent => ByBand.Where(kv => kv.Key != DormancyBand.Active).Sum(kv => kv.Value);

    private static ImmutableSortedDictionary<TKey, long> Increment<TKey>(ImmutableSortedDictionary<TKey, long> counts, TKey key)
        where TKey : notnull =>
        counts.SetItem(key, counts.GetValueOrDefault(key) + 1);

    private static ImmutableSortedDictionary<TKey, long> Merge<TKey>(ImmutableSortedDictionary<TKey, long> a, ImmutableSortedDictionary<TKey, long> b)
        where TKey : notnull =>
        b.Aggregate(a, (acc, kv) => acc.SetItem(kv.Key, acc.GetValueOrDefault(kv.Key) + kv.Value));
}
