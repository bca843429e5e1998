using Reactivation.Core.Activity;

namespace Reactivation.Core.Silence;

/// <summary>The rules the sweep applies; defaults follow seed-requirements sections A, C, D and N.</summary>
/// <remarks>Validated once at startup (<see cref="Validate"/>); a sweep records the policy it ran with.</remarks>
public sealed record SilencePolicy
{
    /// <summary>How long without the counted activity makes a user silent.</summary>
    /// <value>30 days.</value>
    public TimeSpan SilenceWindow { get; init; } = TimeSpan.FromDays(30);

    /// <summary>The activity kinds that count; only <c>login</c>, <c>purchase</c>, <c>interaction</c> and <c>session</c> are meaningful.</summary>
    /// <value>login and purchase.</value>
    public IReadOnlyList<ActivityType> CountedActivities { get; init; } = [ActivityType.Login, ActivityType.Purchase];

    /// <summary>How the counted kinds combine.</summary>
    /// <value><see cref="SilenceMode.All"/>: no login AND no purchase.</value>
    public SilenceMode Mode { get; init; } = SilenceMode.All;

    /// <summary>Where the 3-6 month band starts.</summary>
    /// <value>90 days.</value>
    public TimeSpan Band3To6MonthsFrom { get; init; } = TimeSpan.FromDays(90);

    /// <summary>Where the 6-12 month band starts.</summary>
    /// <value>180 days.</value>
    public TimeSpan Band6To12MonthsFrom { get; init; } = TimeSpan.FromDays(180);

    /// <summary>Where the over-12-month band starts.</summary>
    /// <value>365 days.</value>
    public TimeSpan BandOver12MonthsFrom { get; init; } = TimeSpan.FromDays(365);

    /// <summary>The fall in login days (last 30 against the 30 before) that raises an early warning.</summary>
    /// <value>0.5 (down 50% or more).</value>
    public double EarlyWarningDrop { get; init; } = 0.5;

    /// <summary>The fewest login days in the previous 30 for a fall to count, so 2 to 1 is not a warning.</summary>
    /// <value>4.</value>
    public int EarlyWarningMinimumPreviousDays { get; init; } = 4;

    /// <summary>RFM recency: a purchase more recent than this scores high.</summary>
    /// <value>30 days.</value>
    public TimeSpan RecencyHighWithin { get; init; } = TimeSpan.FromDays(30);

    /// <summary>RFM recency: a purchase older than this scores low.</summary>
    /// <value>90 days.</value>
    public TimeSpan RecencyLowAfter { get; init; } = TimeSpan.FromDays(90);

    /// <summary>RFM frequency: more purchases than this score high.</summary>
    /// <value>5.</value>
    public int FrequencyHighAbove { get; init; } = 5;

    /// <summary>RFM frequency: fewer purchases than this score low.</summary>
    /// <value>2.</value>
    public int FrequencyLowBelow { get; init; } = 2;

    /// <summary>RFM monetary: spend within this fraction of the population mean counts as "at the mean".</summary>
    /// <value>0.2 (within 20%).</value>
    public double MonetaryMeanTolerance { get; init; } = 0.2;

    /// <summary>How recent a complaint must be to explain silence.</summary>
    /// <value>90 days.</value>
    public TimeSpan ComplaintLookback { get; init; } = TimeSpan.FromDays(90);

    /// <summary>A user who never purchased and whose last engagement came within this time of first being seen never activated.</summary>
    /// <value>7 days.</value>
    public TimeSpan NeverActivatedWithin { get; init; } = TimeSpan.FromDays(7);

    /// <summary>Returns every problem with the policy, empty when it is valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (SilenceWindow <= TimeSpan.Zero)
        {
            problems.Add($"{nameof(SilenceWindow)} must be positive (was {SilenceWindow})");
        }

        if (!(SilenceWindow < Band3To6MonthsFrom && Band3To6MonthsFrom < Band6To12MonthsFrom && Band6To12MonthsFrom < BandOver12MonthsFrom))
        {
            problems.Add($"band boundaries must increase: {nameof(SilenceWindow)} {SilenceWindow.TotalDays}d < {nameof(Band3To6MonthsFrom)} " +
                $"{Band3To6MonthsFrom.TotalDays}d < {nameof(Band6To12MonthsFrom)} {Band6To12MonthsFrom.TotalDays}d < {nameof(BandOver12MonthsFrom)} {BandOver12MonthsFrom.TotalDays}d");
        }

        var meaningful = new[] { ActivityType.Login, ActivityType.Purchase, ActivityType.Interaction, ActivityType.Session };
        if (CountedActivities.Count == 0 || CountedActivities.Any(a => !meaningful.Contains(a)))
        {
            problems.Add($"{nameof(CountedActivities)} must name one or more of login, purchase, interaction, session");
        }

        if (EarlyWarningDrop is <= 0 or > 1)
        {
            problems.Add($"{nameof(EarlyWarningDrop)} must be in (0, 1] (was {EarlyWarningDrop})");
        }

        if (EarlyWarningMinimumPreviousDays is < 1 or > 30)
        {
            problems.Add($"{nameof(EarlyWarningMinimumPreviousDays)} must be 1 to 30 (was {EarlyWarningMinimumPreviousDays})");
        }

        if (RecencyHighWithin <= TimeSpan.Zero || RecencyLowAfter <= RecencyHighWithin)
        {
            problems.Add($"{nameof(RecencyHighWithin)} must be positive and less than {nameof(RecencyLowAfter)}");
        }

        if (FrequencyLowBelow < 1 || FrequencyHighAbove < FrequencyLowBelow)
        {
            problems.Add($"{nameof(FrequencyLowBelow)} must be at least 1 and no more than {nameof(FrequencyHighAbove)}");
        }

        if (MonetaryMeanTolerance is < 0 or >= 1)
        {
            problems.Add($"{nameof(MonetaryMeanTolerance)} must be in [0, 1) (was {MonetaryMeanTolerance})");
        }

        if (ComplaintLookback <= TimeSpan.Zero || ComplaintLookback.TotalDays > 128)
        {
            problems.Add($"{nameof(ComplaintLookback)} must be 1 to 128 days (was {ComplaintLookback.TotalDays})");
        }

        return problems;
    }
}
