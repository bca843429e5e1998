namespace Reactivation.Core.Measurement;

/// <summary>
/// Everything a growth team asks of one journey: did it bring users back, how many that would not have come anyway, at
/// what cost, and is the difference real. Built from the metrics table's roll-ups only (never from raw history).
/// </summary>
public sealed record JourneyReport
{
    /// <summary>The journey.</summary>
    public required string JourneyId { get; init; }

    /// <summary>Its readable name, when the definition has one.</summary>
    public string? Name { get; init; }

    /// <summary>The first day with any roll-up (UTC), or null when nothing has happened yet.</summary>
    public DateOnly? From { get; init; }

    /// <summary>The last day with any roll-up (UTC).</summary>
    public DateOnly? To { get; init; }

    /// <summary>When the report was built.</summary>
    public required DateTimeOffset GeneratedAt { get; init; }

    /// <summary>Days after enrollment within which a return counts for the journey (and for its holdout alike).</summary>
    public required int ReturnWindowDays { get; init; }

    /// <summary>Totals over every arm, step, segment, channel and day.</summary>
    public required MetricCounters Totals { get; init; }

    /// <summary>The funnel, in order: enrolled, treated, reached, delivered, clicked, returned, purchased.</summary>
    public required IReadOnlyList<FunnelStage> Funnel { get; init; }

    /// <summary>The seeds' KPIs, each with its formula's inputs.</summary>
    public required KpiSet Kpis { get; init; }

    /// <summary>Every arm: the untreated baseline first, then each treated arm with its lift over the baseline.</summary>
    public required IReadOnlyList<ArmResult> Arms { get; init; }

    /// <summary>One point per day: enrolled, sent, clicked, returned, cost.</summary>
    public required IReadOnlyList<DailyPoint> Daily { get; init; }

    /// <summary>Messages not sent, by reason, largest first.</summary>
    public required IReadOnlyList<ReasonCount> Skips { get; init; }

    /// <summary>Sends, cost and reactivations per channel.</summary>
    public required IReadOnlyList<ChannelResult> Channels { get; init; }

    /// <summary>Return rates by segment (band, tier, cause) and journey version, untreated against treated.</summary>
    public required IReadOnlyList<SegmentResult> Segments { get; init; }

    /// <summary>Per step: sends, deliveries, clicks and the returns attributed to it.</summary>
    public required IReadOnlyList<StepResult> Steps { get; init; }

    /// <summary>Plain-language warnings a reader must see before trusting the numbers (arms too small, no baseline...).</summary>
    public required IReadOnlyList<string> Warnings { get; init; }
}

/// <summary>One stage of the funnel.</summary>
/// <param name="Stage">Its name: enrolled, treated, reached, delivered, clicked, returned, purchased.</param>
/// <param name="Users">How many got that far.</param>
public sealed record FunnelStage(string Stage, long Users);

/// <summary>The seeds' KPIs (seed-requirements CAP-L1), null where the denominator is zero.</summary>
public sealed record KpiSet
{
    /// <summary>Activation rate: treated users who returned ÷ users reached (sent at least one message).</summary>
    public double? ActivationRate { get; init; }

    /// <summary>The journey's activation target (seeds: 15%).</summary>
    public double ActivationTarget { get; init; }

    /// <summary>Wake rate: users who returned ÷ all silent users enrolled (every arm).</summary>
    public double? WakeRate { get; init; }

    /// <summary>Cost per reactivation: total cost ÷ treated users who returned.</summary>
    public double? CostPerReactivation { get; init; }

    /// <summary>Returned users whose 30 days after the return are over.</summary>
    public long ReturnsMatured30 { get; init; }

    /// <summary>Re-silence rate: of <see cref="ReturnsMatured30"/>, the share with no login or purchase on a later day within 30 days.</summary>
    public double? ReSilenceRate { get; init; }

    /// <summary>Spend of returned users in the 30, 60 and 90 days after their return, per matured returned user.</summary>
    public IReadOnlyList<SpendWindow> SpendAfterReturn { get; init; } = [];
}

/// <summary>Average spend per returned user in the <paramref name="Days"/> after the return, against the same span of their history before it.</summary>
/// <param name="Days">30, 60 or 90.</param>
/// <param name="Users">Returned users whose window is over (the denominator).</param>
/// <param name="After">Average spend in the window after the return.</param>
/// <param name="Before">Average spend in a window of the same length before silence (lifetime spend per day while active, times the window).</param>
public sealed record SpendWindow(int Days, long Users, double? After, double? Before);

/// <summary>One arm of the experiment.</summary>
public sealed record ArmResult
{
    /// <summary>The arm: <c>untreated</c> (global holdout and journey control), <c>all treated</c>, or a treated variant.</summary>
    public required string Arm { get; init; }

    /// <summary>True for the untreated baseline.</summary>
    public bool IsBaseline { get; init; }

    /// <summary>Users enrolled in the arm.</summary>
    public long Users { get; init; }

    /// <summary>Of them, users who returned within the window.</summary>
    public long Returned { get; init; }

    /// <summary>Returned ÷ users.</summary>
    public double? ReturnRate { get; init; }

    /// <summary>The arm's cost (treated arms only).</summary>
    public double Cost { get; init; }

    /// <summary>The arm against the baseline (null for the baseline, or when an arm is empty).</summary>
    public ProportionComparison? Lift { get; init; }

    /// <summary>Returns the arm caused: lift × users.</summary>
    public double? IncrementalReturns { get; init; }

    /// <summary>Cost ÷ incremental returns (null when there are none).</summary>
    public double? CostPerIncrementalReturn { get; init; }

    /// <summary>Users per arm needed to detect the journey's stated minimum lift at α 0.05 and power 0.8 from the baseline's rate.</summary>
    public long? NeededPerArm { get; init; }

    /// <summary>True when this arm or the baseline has fewer users than <see cref="NeededPerArm"/>.</summary>
    public bool TooSmall { get; init; }
}

/// <summary>One day of activity.</summary>
public sealed record DailyPoint(DateOnly Day, long Enrolled, long Sent, long Clicked, long Returned, double Cost);

/// <summary>A reason and how often it occurred.</summary>
public sealed record ReasonCount(string Reason, long Count);

/// <summary>One channel's sends, cost and the reactivations attributed to it.</summary>
/// <param name="Channel">sms, email or webhook.</param>
/// <param name="Sent">Messages sent.</param>
/// <param name="Failed">Sends that failed for good.</param>
/// <param name="Cost">Sent × the channel's unit cost.</param>
/// <param name="Returned">Returns attributed to the channel's last touch.</param>
/// <param name="CostPerReactivation">Cost ÷ returned.</param>
public sealed record ChannelResult(string Channel, long Sent, long Failed, double Cost, long Returned, double? CostPerReactivation);

/// <summary>Return rates of one segment, untreated against treated.</summary>
public sealed record SegmentResult(string Dimension, string Value, long Users, long Returned, long UntreatedUsers, long UntreatedReturned, long TreatedUsers, long TreatedReturned);

/// <summary>One step's sends and what followed them.</summary>
public sealed record StepResult(string Step, string Channel, long Sent, long Skipped, long Delivered, long Clicked, long Returned);
