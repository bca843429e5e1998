using Reactivation.Core.Measurement.Alerts;
using Xunit;

namespace Reactivation.Core.Tests.Measurement.Alerts;

public sealed class AlertEvaluatorTests
{
    // A Wednesday: the weeks of 2 and 9 March are complete, the week of 16 March is not.
    private static readonly DateTimeOffset AsOf = new(2026, 3, 18, 6, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Week1 = new(2026, 3, 2);
    private static readonly DateOnly Week2 = new(2026, 3, 9);
    private static readonly DateOnly Week3 = new(2026, 3, 16);
    private static readonly AlertThresholds Defaults = new();

    // Default target 15%, so the floor is 12%: 11 of 100 is low, 20 of 100 is not.
    private static WeeklyActivation Week(DateOnly start, long reached, long returned, string journey = "winback") => new(journey, start, reached, returned);

    private static IReadOnlyList<Alert> Evaluate(AlertInputs inputs, AlertThresholds? thresholds = null, DateTimeOffset? asOf = null) =>
        AlertEvaluator.Evaluate(inputs, thresholds ?? Defaults, asOf ?? AsOf);

    [Fact]
    public void Two_complete_weeks_under_eighty_percent_of_the_target_raise_one_warning_for_the_journey()
    {
        var alerts = Evaluate(new AlertInputs { Activation = [Week(Week1.AddDays(-7), 100, 20), Week(Week1, 100, 11), Week(Week2, 300, 30)] });

        var alert = Assert.Single(alerts);
        Assert.Equal((AlertRules.ActivationBelowTarget, AlertSeverity.Warning, "journey:winback"), (alert.Rule, alert.Severity, alert.Subject));
        Assert.Equal(new AlertPeriod(Week1, new DateOnly(2026, 3, 15)), alert.Period);
        Assert.Equal(41.0 / 400, alert.Observed, 10);
        Assert.Equal(0.12, alert.Threshold, 10);
        Assert.Equal(
            "Journey 'winback': activation rate 11.0% in the week of 2026-03-02, 10.0% in the week of 2026-03-09, under 12.0% (80.0% of its 15.0% target) for 2 complete weeks in a row; review the strategy.",
            alert.Message);
    }

    [Fact]
    public void One_low_week_after_a_good_one_raises_nothing()
    {
        Assert.Empty(Evaluate(new AlertInputs { Activation = [Week(Week1, 100, 20), Week(Week2, 100, 5)] }));
    }

    [Fact]
    public void A_low_week_then_a_recovered_week_raises_nothing()
    {
        Assert.Empty(Evaluate(new AlertInputs { Activation = [Week(Week1.AddDays(-7), 100, 5), Week(Week1, 100, 5), Week(Week2, 100, 20)] }));
    }

    [Fact]
    public void A_week_that_reached_too_few_users_neither_breaks_a_run_of_low_weeks_nor_counts_as_one()
    {
        var low = Week(Week1.AddDays(-7), 100, 5);
        var smallButGood = Week(Week1, 49, 40);
        var smallAndLow = Week(Week2, 49, 0);

        var acrossTheSmallWeek = Evaluate(new AlertInputs { Activation = [low, smallButGood, Week(Week2, 100, 5)] });
        var endingOnTheSmallWeek = Evaluate(new AlertInputs { Activation = [Week(Week1, 100, 5), smallAndLow] });

        Assert.Equal(new AlertPeriod(Week1.AddDays(-7), new DateOnly(2026, 3, 15)), Assert.Single(acrossTheSmallWeek).Period);
        Assert.Empty(endingOnTheSmallWeek);
    }

    [Fact]
    public void The_week_still_running_is_not_judged()
    {
        Assert.Empty(Evaluate(new AlertInputs { Activation = [Week(Week2, 100, 5), Week(Week3, 100, 5)] }));
    }

    [Fact]
    public void Rows_of_the_same_journey_and_week_are_added_together_before_judging()
    {
        var alerts = Evaluate(new AlertInputs { Activation = [Week(Week1, 30, 1), Week(Week1, 30, 1), Week(Week2, 60, 2)] });

        Assert.Equal(4.0 / 120, Assert.Single(alerts).Observed, 10);
    }

    [Fact]
    public void A_third_low_week_in_a_row_raises_a_critical_alert_under_a_new_id()
    {
        var twoWeeks = Evaluate(new AlertInputs { Activation = [Week(Week1, 100, 5), Week(Week2, 100, 5)] });
        var threeWeeks = Evaluate(new AlertInputs { Activation = [Week(Week1, 100, 5), Week(Week2, 100, 5), Week(Week3, 100, 5)] }, asOf: AsOf.AddDays(7));

        Assert.Equal(AlertSeverity.Warning, Assert.Single(twoWeeks).Severity);
        Assert.Equal(AlertSeverity.Critical, Assert.Single(threeWeeks).Severity);
        Assert.NotEqual(twoWeeks[0].Id, threeWeeks[0].Id);
    }

    [Fact]
    public void A_journeys_own_target_replaces_the_default_and_the_ratio_and_weeks_are_configurable()
    {
        var inputs = new AlertInputs
        {
            Activation = [Week(Week1, 100, 20, "vip"), Week(Week2, 100, 20, "vip"), Week(Week1, 100, 5), Week(Week2, 100, 5)],
            ActivationTargets = new Dictionary<string, double> { ["vip"] = 0.30 },
        };

        Assert.Equal(["journey:vip", "journey:winback"], Evaluate(inputs).Select(a => a.Subject));
        Assert.Equal(["journey:winback"], Evaluate(inputs, new AlertThresholds { ActivationRatio = 0.5 }).Select(a => a.Subject));
        Assert.Empty(Evaluate(inputs, new AlertThresholds { ConsecutiveWeeks = 3 }));
    }

    [Theory]
    [InlineData(60.0, false)]
    [InlineData(60.02, true)]
    public void A_channel_alerts_only_once_its_cost_per_reactivation_is_above_one_and_a_half_times_its_benchmark(double cost, bool alerts)
    {
        var thresholds = new AlertThresholds { ChannelBenchmarks = new Dictionary<string, double> { ["sms"] = 2.0 } };

        var raised = Evaluate(new AlertInputs { ChannelCosts = [new ChannelCost("SMS", cost, 20)] }, thresholds);

        Assert.Equal(alerts, raised.Count == 1);
        if (alerts)
        {
            Assert.Equal((AlertRules.ChannelCostAboveBenchmark, "channel:sms", 3.0), (raised[0].Rule, raised[0].Subject, raised[0].Threshold));
            Assert.Equal(AlertPeriod.DaysBefore(new DateOnly(2026, 3, 18), 7), raised[0].Period);
            Assert.Equal(new AlertPeriod(new DateOnly(2026, 3, 11), new DateOnly(2026, 3, 17)), raised[0].Period);
        }
    }

    [Fact]
    public void The_seed_benchmarks_are_sms_and_the_customer_service_webhook_and_email_has_none()
    {
        Assert.Equal(0.35 / 0.123, AlertThresholds.SeedBenchmarks["sms"], 12);
        Assert.Equal(2.10 / 0.256, AlertThresholds.SeedBenchmarks["webhook"], 12);
        Assert.False(AlertThresholds.SeedBenchmarks.ContainsKey("email"));

        var costs = new AlertInputs { ChannelCosts = [new ChannelCost("email", 1_000, 20), new ChannelCost("sms", 86, 20), new ChannelCost("webhook", 247, 20)] };
        Assert.Equal(["channel:sms", "channel:webhook"], Evaluate(costs).Select(a => a.Subject));
        var withEmail = new AlertThresholds { ChannelBenchmarks = new Dictionary<string, double>(AlertThresholds.SeedBenchmarks) { ["email"] = 10, ["sms"] = 0 } };
        Assert.Equal(["channel:email", "channel:webhook"], Evaluate(costs, withEmail).Select(a => a.Subject));
    }

    [Fact]
    public void Too_few_reactivations_are_not_judged_unless_the_spend_alone_is_past_what_the_minimum_would_cost_at_the_threshold()
    {
        var thresholds = new AlertThresholds { ChannelBenchmarks = new Dictionary<string, double> { ["sms"] = 2.0 } };

        Assert.Empty(Evaluate(new AlertInputs { ChannelCosts = [new ChannelCost("sms", 57, 19)] }, thresholds));
        Assert.Empty(Evaluate(new AlertInputs { ChannelCosts = [new ChannelCost("sms", 60, 0)] }, thresholds));
        var nothingBack = Assert.Single(Evaluate(new AlertInputs { ChannelCosts = [new ChannelCost("sms", 61, 0)] }, thresholds));
        Assert.Equal(61, nothingBack.Observed);
        Assert.StartsWith("Channel 'sms': 61.00 spent and no reactivation over 2026-03-11..2026-03-17, above 3.00", nothingBack.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(100, 5, false)]
    [InlineData(100, 6, true)]
    [InlineData(99, 99, false)]
    public void Sends_alert_only_once_at_least_the_minimum_were_tried_and_more_than_five_percent_failed(long sent, long failed, bool alerts)
    {
        var raised = Evaluate(new AlertInputs { Sends = [new SendHealth(SendHealth.AllChannels, sent, failed), new SendHealth("email", sent, failed)] });

        Assert.Equal(alerts ? new[] { "channel:all", "channel:email" } : [], raised.Select(a => a.Subject));
        Assert.All(raised, a => Assert.Equal((AlertRules.SendFailureRate, AlertSeverity.Critical, 0.05), (a.Rule, a.Severity, a.Threshold)));
        Assert.All(raised, a => Assert.Equal(new AlertPeriod(new DateOnly(2026, 3, 17), new DateOnly(2026, 3, 17)), a.Period));
    }

    [Fact]
    public void The_same_figures_evaluated_again_later_in_the_period_give_the_same_ids()
    {
        var inputs = new AlertInputs
        {
            Activation = [Week(Week1, 100, 5), Week(Week2, 100, 5)],
            ChannelCosts = [new ChannelCost("sms", 1_000, 20)],
            ChannelWindow = new AlertPeriod(new DateOnly(2026, 3, 11), new DateOnly(2026, 3, 17)),
            Sends = [new SendHealth("all", 1_000, 100)],
            SendWindow = new AlertPeriod(new DateOnly(2026, 3, 17), new DateOnly(2026, 3, 17)),
        };

        var first = Evaluate(inputs).Select(a => a.Id).ToList();
        var again = Evaluate(inputs, asOf: AsOf.AddHours(17)).Select(a => a.Id).ToList();

        Assert.Equal(
            [
                "activationBelowTarget~journey:winback~2026-03-02..2026-03-15",
                "channelCostAboveBenchmark~channel:sms~2026-03-11..2026-03-17",
                "sendFailureRate~channel:all~2026-03-17..2026-03-17",
            ],
            first);
        Assert.Equal(first, again);
    }

    [Fact]
    public void A_week_not_starting_on_a_monday_and_unusable_thresholds_are_caller_bugs()
    {
        Assert.Throws<ArgumentException>(() => Evaluate(new AlertInputs { Activation = [Week(new DateOnly(2026, 3, 3), 100, 5)] }));
        Assert.Throws<ArgumentException>(() => Evaluate(new AlertInputs(), new AlertThresholds { ConsecutiveWeeks = 0 }));
        Assert.Throws<ArgumentException>(() => Evaluate(new AlertInputs
        {
            Activation = [Week(Week1, 100, 5)],
            ActivationTargets = new Dictionary<string, double> { ["winback"] = 15 },
        }));
    }

    [Fact]
    public void The_default_thresholds_are_the_seeds_and_bad_ones_are_each_named()
    {
        Assert.Equal(
            (0.8, 2, 50L, 0.15, 1.5, 20L, 0.05, 100L),
            (Defaults.ActivationRatio, Defaults.ConsecutiveWeeks, Defaults.MinReachedPerWeek, Defaults.ActivationTarget, Defaults.CostRatio,
                Defaults.MinReturnsForCost, Defaults.MaxFailureRate, Defaults.MinSendsForFailureRate));
        Assert.Empty(Defaults.Problems());

        var bad = new AlertThresholds
        {
            ActivationRatio = 1.5, ConsecutiveWeeks = 0, MinReachedPerWeek = 0, ActivationTarget = 0, CostRatio = double.NaN, MinReturnsForCost = 0,
            ChannelBenchmarks = new Dictionary<string, double> { ["sms"] = -1 }, MaxFailureRate = 1, MinSendsForFailureRate = 0,
        };

        Assert.Equal(
            [
                "Alerts:ActivationRatio must be over 0 and at most 1 (was 1.5)",
                "Alerts:ConsecutiveWeeks must be 1 to 52 (was 0)",
                "Alerts:MinReachedPerWeek must be at least 1 (was 0)",
                "Alerts:ActivationTarget must be over 0 and at most 1 (was 0)",
                "Alerts:CostRatio must be over 0 (was NaN)",
                "Alerts:MinReturnsForCost must be at least 1 (was 0)",
                "Alerts:ChannelBenchmarks:sms must be 0 (no rule) or a positive cost (was -1)",
                "Alerts:MaxFailureRate must be at least 0 and under 1 (was 1)",
                "Alerts:MinSendsForFailureRate must be at least 1 (was 0)",
            ],
            bad.Problems());
    }
}
