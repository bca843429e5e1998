using Reactivation.Core.Measurement.Alerts;
using static Reactivation.Core.Tests.Measurement.MeasurementKit;

namespace Reactivation.Core.Tests.Measurement;

public sealed class AlertInputsFromMetricsTests
{
    // A Wednesday morning: "today" is 18 March, yesterday the 17th, the last 7 days 11 to 17 March.
    private static readonly DateTimeOffset AsOf = new(2026, 3, 18, 6, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = new(2026, 3, 18);

    private static readonly IReadOnlyDictionary<string, double> Targets = new Dictionary<string, double>(StringComparer.Ordinal) { ["winback"] = 0.2 };

    private static AlertInputs Build(params MetricRow[] rows) => AlertInputsFromMetrics.Build(rows, Targets, AsOf);

    private static MetricRow Sends(DateOnly day, string channel, long sent = 0, long failed = 0, double cost = 0, long returned = 0, string arm = ArmNames.Treated) =>
        Row(arm, new MetricCounters { Sent = sent, Failed = failed, Cost = cost, Returned = returned }, day, "hello", channel);

    private static MetricRow Activation(string journey, DateOnly day, long reached, long returned, string arm = ArmNames.Treated) =>
        Row(arm, new MetricCounters { Reached = reached, ReturnedAfterReach = returned }, day, journey: journey);

    [Fact]
    public void Weekly_activation_sums_treated_rows_of_each_journey_by_the_monday_of_their_day()
    {
        var inputs = Build(
            Activation("winback", new DateOnly(2026, 3, 9), 5, 1),
            Activation("winback", new DateOnly(2026, 3, 15), 10, 2),
            Activation("winback", new DateOnly(2026, 3, 16), 4, 1),
            Activation("winback", new DateOnly(2026, 3, 15), 100, 100, arm: ArmNames.Holdout),
            Activation("welcome", new DateOnly(2026, 3, 10), 8, 4, arm: "ab=a"));

        Assert.Equal(
            [
                new WeeklyActivation("welcome", new DateOnly(2026, 3, 9), 8, 4),
                new WeeklyActivation("winback", new DateOnly(2026, 3, 9), 15, 3),
                new WeeklyActivation("winback", new DateOnly(2026, 3, 16), 4, 1),
            ],
            inputs.Activation);
        Assert.Same(Targets, inputs.ActivationTargets);
    }

    [Fact]
    public void Channel_cost_and_returns_cover_the_seven_whole_days_before_the_evaluation_day()
    {
        var inputs = Build(
            Sends(Today.AddDays(-8), "sms", cost: 1_000, returned: 1_000),
            Sends(Today.AddDays(-7), "sms", cost: 4, returned: 1),
            Sends(Today.AddDays(-1), "sms", cost: 6, returned: 2),
            Sends(Today.AddDays(-3), "email", cost: 0.5),
            Sends(Today, "sms", cost: 1_000, returned: 1_000),
            Sends(Today.AddDays(-2), "sms", cost: 1_000, returned: 1_000, arm: ArmNames.Control));

        Assert.Equal([new ChannelCost("email", 0.5, 0), new ChannelCost("sms", 10, 3)], inputs.ChannelCosts.OrderBy(c => c.Channel, StringComparer.Ordinal));
        Assert.Equal(new AlertPeriod(Today.AddDays(-7), Today.AddDays(-1)), inputs.ChannelWindow);
    }

    [Fact]
    public void Send_health_counts_yesterdays_attempts_with_their_failures_per_channel_and_in_all()
    {
        var inputs = Build(
            Sends(Today.AddDays(-1), "sms", sent: 60, failed: 10),
            Sends(Today.AddDays(-1), "sms", sent: 30),
            Sends(Today.AddDays(-1), "email", sent: 50),
            Sends(Today.AddDays(-2), "sms", sent: 1_000, failed: 1_000),
            Sends(Today, "email", sent: 1_000, failed: 1_000),
            Row(ArmNames.Treated, new MetricCounters { Enrolled = 40 }, Today.AddDays(-1)));

        Assert.Equal(
            [new SendHealth("all", 150, 10), new SendHealth("email", 50, 0), new SendHealth("sms", 100, 10)],
            inputs.Sends.OrderBy(s => s.Channel, StringComparer.Ordinal));
        Assert.Equal(new AlertPeriod(Today.AddDays(-1), Today.AddDays(-1)), inputs.SendWindow);
    }

    [Fact]
    public void Without_rows_there_is_no_activation_or_channel_cost_and_yesterday_had_no_sends()
    {
        var inputs = Build();

        Assert.Empty(inputs.Activation);
        Assert.Empty(inputs.ChannelCosts);
        Assert.Equal(new SendHealth(SendHealth.AllChannels, 0, 0), Assert.Single(inputs.Sends));
    }
}
