using System.Collections.Immutable;
using System.Globalization;
using Reactivation.Core.Silence;
using Reactivation.Core.Sweeps;
using Reactivation.Infra.Sweeps;

namespace Reactivation.Functions.Api;

/// <summary>The JSON shape of a sweep summary, shared by the API and the CLI's <c>--json</c>.</summary>
public sealed record SweepView(
    string Date,
    string Status,
    DateTimeOffset AsOf,
    DateTimeOffset StartedAt,
    DateTimeOffset? CompletedAt,
    double? DurationSeconds,
    int Shards,
    int ShardsComplete,
    string? PreviousSweepDate,
    decimal MeanSpend,
    SweepView.PopulationView Population,
    long Scanned,
    long Silent,
    long EarlyWarnings,
    ImmutableSortedDictionary<DormancyBand, long> ByBand,
    ImmutableSortedDictionary<ValueTier, long> SilentByTier,
    ImmutableSortedDictionary<SilenceCause, long> SilentByCause,
    ImmutableSortedDictionary<HandoffReason, long> Handoffs)
{
    /// <summary>Projects a summary.</summary>
    public static SweepView Of(SweepSummary s) => new(
        s.Run.SweepDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        s.Status,
        s.Run.AsOf,
        s.Run.StartedAt,
        s.CompletedAt,
        s.Duration?.TotalSeconds,
        s.Run.ShardCount,
        s.ShardsComplete,
        s.Run.PreviousSweepDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        s.Run.MeanSpend,
        new PopulationView(s.Population.Users, s.Population.Purchasers, s.Population.MeanSpend),
        s.Counts.Scanned,
        s.Counts.Silent,
        s.Counts.EarlyWarnings,
        s.Counts.ByBand,
        s.Counts.SilentByTier,
        s.Counts.SilentByCause,
        s.Counts.Handoffs);

    /// <summary>The population the sweep measured.</summary>
    /// <param name="Users">Users scanned.</param>
    /// <param name="Purchasers">Users who ever purchased.</param>
    /// <param name="MeanSpend">Mean lifetime spend among purchasers.</param>
    public sealed record PopulationView(long Users, long Purchasers, decimal MeanSpend);
}
