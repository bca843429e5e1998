using static System.FormattableString;

namespace Reactivation.Core.Measurement.Alerts;

/// <summary>The alert rules' thresholds; the defaults are the seeds' (CAP-M1, channel table §2.3).</summary>
/// <remarks>
/// Not sealed: the delivery options (<c>Reactivation.Infra.Measurement.AlertOptions</c>) extend it, so the thresholds
/// bind from the same <c>Alerts</c> configuration section as the webhook settings and the pure rules never see those.
/// </remarks>
public record AlertThresholds
{
    /// <summary>The seeds' cost per reactivation by channel: cost per message ÷ conversion (SMS ¥0.35 at 12.3%; the webhook is the dedicated customer-service task, ¥2.10 at 25.6%).</summary>
    /// <remarks>Email has no seed figure, so it has no benchmark and no cost rule until one is configured.</remarks>
    public static IReadOnlyDictionary<string, double> SeedBenchmarks { get; } = new Dictionary<string, double>
    {
        ["sms"] = 0.35 / 0.123,
        ["webhook"] = 2.10 / 0.256,
    }.AsReadOnly();

    /// <summary>The share of its target under which a week's activation rate counts as low.</summary>
    /// <value>0.8 (seeds: "低于目標值的80%").</value>
    public double ActivationRatio { get; init; } = 0.8;

    /// <summary>Low weeks in a row that raise the alert; one more makes it critical.</summary>
    /// <value>2 (seeds: "連續兩周").</value>
    public int ConsecutiveWeeks { get; init; } = 2;

    /// <summary>Users a week must have reached to be judged; a smaller week counts neither as low nor as recovered.</summary>
    /// <value>50.</value>
    public long MinReachedPerWeek { get; init; } = 50;

    /// <summary>The activation target of a journey the inputs give none for (a rate from 0 to 1).</summary>
    /// <value>0.15 (seeds: industry average wake rate 15%).</value>
    public double ActivationTarget { get; init; } = 0.15;

    /// <summary>The multiple of its benchmark over which a channel's cost per reactivation raises the alert.</summary>
    /// <value>1.5 (seeds: "渠道CAC超過行業平均值1.5倍").</value>
    public double CostRatio { get; init; } = 1.5;

    /// <summary>Reactivations a channel must have brought before its cost per reactivation is judged.</summary>
    /// <value>20. A channel that spent more than this many reactivations at the threshold would cost is judged even with fewer.</value>
    public long MinReturnsForCost { get; init; } = 20;

    /// <summary>Cost per reactivation by channel name (any case), in the reporting currency.</summary>
    /// <value>
    /// <see cref="SeedBenchmarks"/>. Configuration adds to these or replaces single values; a benchmark of 0 turns the
    /// rule off for its channel.
    /// </value>
    public IReadOnlyDictionary<string, double> ChannelBenchmarks { get; init; } = SeedBenchmarks;

    /// <summary>The failure rate (failed ÷ attempted) over which sends raise the alert.</summary>
    /// <value>0.05.</value>
    public double MaxFailureRate { get; init; } = 0.05;

    /// <summary>Sends that must have been attempted before the failure rate is judged.</summary>
    /// <value>100.</value>
    public long MinSendsForFailureRate { get; init; } = 100;

    /// <summary>Problems with the thresholds, empty when they are usable; each names its <c>Alerts:</c> key.</summary>
    public IEnumerable<string> Problems()
    {
        if (ActivationRatio is not (> 0 and <= 1))
        {
            yield return Invariant($"Alerts:ActivationRatio must be over 0 and at most 1 (was {ActivationRatio})");
        }

        if (ConsecutiveWeeks is < 1 or > 52)
        {
            yield return Invariant($"Alerts:ConsecutiveWeeks must be 1 to 52 (was {ConsecutiveWeeks})");
        }

        if (MinReachedPerWeek < 1)
        {
            yield return Invariant($"Alerts:MinReachedPerWeek must be at least 1 (was {MinReachedPerWeek})");
        }

        if (ActivationTarget is not (> 0 and <= 1))
        {
            yield return Invariant($"Alerts:ActivationTarget must be over 0 and at most 1 (was {ActivationTarget})");
        }

        if (!(CostRatio > 0))
        {
            yield return Invariant($"Alerts:CostRatio must be over 0 (was {CostRatio})");
        }

        if (MinReturnsForCost < 1)
        {
            yield return Invariant($"Alerts:MinReturnsForCost must be at least 1 (was {MinReturnsForCost})");
        }

        foreach (var (channel, benchmark) in ChannelBenchmarks)
        {
            if (!(benchmark >= 0) || double.IsInfinity(benchmark))
            {
                yield return Invariant($"Alerts:ChannelBenchmarks:{channel} must be 0 (no rule) or a positive cost (was {benchmark})");
            }
        }

        if (MaxFailureRate is not (>= 0 and < 1))
        {
            yield return Invariant($"Alerts:MaxFailureRate must be at least 0 and under 1 (was {MaxFailureRate})");
        }

        if (MinSendsForFailureRate < 1)
        {
            yield return Invariant($"Alerts:MinSendsForFailureRate must be at least 1 (was {MinSendsForFailureRate})");
        }
    }
}
