namespace Reactivation.Core.Measurement.Alerts;

public static partial class AlertEvaluator
{
    // Judged once enough reactivations came for the average to mean something, or once the spend alone is more than that
    // many reactivations at the threshold would cost: a channel that spends and brings nobody back must not stay silent.
    private static IEnumerable<Alert> ChannelCosts(IReadOnlyList<ChannelCost> costs, AlertThresholds thresholds, AlertPeriod window)
    {
        var benchmarks = new Dictionary<string, double>(thresholds.ChannelBenchmarks, StringComparer.OrdinalIgnoreCase);
        foreach (var channel in costs.GroupBy(c => c.Channel.ToLowerInvariant()).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            if (!benchmarks.TryGetValue(channel.Key, out var benchmark) || benchmark <= 0)
            {
                continue;
            }

            var (cost, returned) = (channel.Sum(c => c.Cost), channel.Sum(c => c.Returned));
            var limit = thresholds.CostRatio * benchmark;
            var observed = cost / Math.Max(returned, 1);
            var judged = returned >= thresholds.MinReturnsForCost || cost > limit * thresholds.MinReturnsForCost;
            if (!(judged && observed > limit))
            {
                continue;
            }

            var perReturn = returned == 0 ? $"{Amount(cost)} spent and no reactivation" : $"{Amount(observed)} per reactivation ({Amount(cost)} for {returned})";
            yield return new Alert(
                AlertRules.ChannelCostAboveBenchmark,
                AlertSeverity.Warning,
                AlertRules.ChannelSubject(channel.Key),
                window,
                observed,
                limit,
                $"Channel '{channel.Key}': {perReturn} over {window}, above {Amount(limit)} ({Amount(thresholds.CostRatio)}× its benchmark of {Amount(benchmark)}); plan to replace or retune the channel.");
        }
    }
}
