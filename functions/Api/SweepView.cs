using Reactivation.Infra.Sweeps;

namespace Reactivation.Functions.Api;

/// <summary>The JSON shape of a sweep summary, shared by the API and the CLI's <c>--json</c>.</summary>
public static class SweepView
{
    /// <summary>Projects a summary.</summary>
    public static object Of(SweepSummary s) => new
    {
        date = s.Run.SweepDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        status = s.Status,
        asOf = s.Run.AsOf,
        startedAt = s.Run.StartedAt,
        completedAt = s.CompletedAt,
        durationSeconds = s.Duration?.TotalSeconds,
        shards = s.Run.ShardCount,
        shardsComplete = s.ShardsComplete,
        previousSweepDate = s.Run.PreviousSweepDate?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        meanSpend = s.Run.MeanSpend,
        population = new { users = s.Population.Users, purchasers = s.Population.Purchasers, meanSpend = s.Population.MeanSpend },
        scanned = s.Counts.Scanned,
        silent = s.Counts.Silent,
        earlyWarnings = s.Counts.EarlyWarnings,
        byBand = s.Counts.ByBand,
        silentByTier = s.Counts.SilentByTier,
        silentByCause = s.Counts.SilentByCause,
        handoffs = s.Counts.Handoffs,
    };
}
