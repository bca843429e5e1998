namespace Reactivation.Core.Measurement;

/// <summary>One row of the metrics table: a journey's counters for one day and one combination of dimensions.</summary>
public sealed record MetricRow(string JourneyId, DateOnly Day, MetricDimensions Dimensions, MetricCounters Counters)
{
    /// <summary>Folds facts into rows: one per journey, day and dimensions, summing their counters.</summary>
    public static IReadOnlyList<MetricRow> RollUp(IEnumerable<MetricFact> facts) =>
        facts.GroupBy(f => (f.JourneyId, f.Day, f.Dimensions))
            .Select(g => new MetricRow(g.Key.JourneyId, g.Key.Day, g.Key.Dimensions, MetricCounters.Sum(g.Select(f => f.Counters))))
            .OrderBy(r => r.Day).ThenBy(r => r.Dimensions.Key, StringComparer.Ordinal)
            .ToList();
}
