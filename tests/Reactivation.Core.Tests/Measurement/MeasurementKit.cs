using static Reactivation.Core.Tests.Journeys.Kit;

namespace Reactivation.Core.Tests.Measurement;

/// <summary>Builders for metrics rows and measured instances, so each test shows only the counts that matter to it.</summary>
internal static class MeasurementKit
{
    /// <summary>The UTC day of the journey kit's T0.</summary>
    public static readonly DateOnly Day0 = MetricFact.DayOf(T0);

    /// <summary>A row of the test journey on <paramref name="day"/> (default <see cref="Day0"/>).</summary>
    public static MetricRow Row(
        string arm, MetricCounters counters, DateOnly? day = null, string step = "", string channel = "", string reason = "",
        string band = "UpTo3Months", string tier = "Mid", string cause = "None", string journey = JourneyId) =>
        new(journey, day ?? Day0, new MetricDimensions(1, arm, step, channel, band, tier, cause, reason), counters);

    /// <summary>An enrollment row: <paramref name="users"/> enrolled in <paramref name="arm"/> (held out when the arm is untreated), <paramref name="returned"/> of them back.</summary>
    public static MetricRow Enrollments(string arm, long users, long returned, double cost = 0, DateOnly? day = null, string band = "UpTo3Months") =>
        Row(arm, new MetricCounters
        {
            Enrolled = users,
            HeldOut = ArmNames.IsUntreated(arm) ? users : 0,
            Returned = returned,
            Cost = cost,
        }, day, band: band);

    /// <summary>A journey that sends by SMS, waits a day, sends by email and ends.</summary>
    public static JourneyDefinition TwoSends() => Definition(
        Send("hello", Channel.Sms, "pause"),
        Wait("pause", TimeSpan.FromDays(1), "nudge"),
        Send("nudge", Channel.Email, "end"),
        Exit("end", JourneyOutcome.Lost));

    /// <summary>A journey that waits a day, then splits users between variants a and b.</summary>
    public static JourneyDefinition WaitThenSplit() => Definition(
        Wait("pause", TimeSpan.FromDays(1), "ab"),
        Split("ab", ("a", 50, "end"), ("b", 50, "end")),
        Exit("end", JourneyOutcome.Lost));
}
