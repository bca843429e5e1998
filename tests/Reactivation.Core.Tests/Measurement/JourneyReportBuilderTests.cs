using Reactivation.Core.Activity;
using Reactivation.Core.Tests.Journeys;
using static Reactivation.Core.Tests.Journeys.Kit;
using static Reactivation.Core.Tests.Measurement.MeasurementKit;

namespace Reactivation.Core.Tests.Measurement;

public sealed class JourneyReportBuilderTests
{
    private static readonly TimeSpan Window = TimeSpan.FromDays(30);

    /// <summary>Long after every window closed, so no "still counting" warning.</summary>
    private static readonly DateTimeOffset Later = T0.AddDays(200);

    /// <summary>A lift so large that a few dozen users per arm detect it: no "too small" warnings unless a test wants them.</summary>
    private static readonly JourneyMeasurement Coarse = new() { MinimumDetectableLift = 2 };

    private static JourneyReport Report(IReadOnlyList<MetricRow> rows, DateTimeOffset? asOf = null, JourneyMeasurement? measurement = null) =>
        JourneyReportBuilder.Build(JourneyId, "Test journey", measurement ?? Coarse, rows, Window, asOf ?? Later);

    private static DateTimeOffset On(DateOnly day, int hour = 6) => new(day.ToDateTime(new TimeOnly(hour, 0)), TimeSpan.Zero);

    [Fact]
    public void A_treated_arms_lift_is_its_return_rate_minus_the_pooled_rate_of_holdout_and_control()
    {
        var report = Report([
            Enrollments(ArmNames.Holdout, 200, 20),
            Enrollments(ArmNames.Control, 100, 13),
            Enrollments(ArmNames.Treated, 1_000, 150, cost: 500)]);

        Assert.Equal(2, report.Arms.Count);
        var baseline = report.Arms[0];
        Assert.Equal((ArmNames.Untreated, true, 300L, 33L), (baseline.Arm, baseline.IsBaseline, baseline.Users, baseline.Returned));
        Assert.Equal(33.0 / 300, baseline.ReturnRate!.Value, 12);
        Assert.Null(baseline.Lift);

        var treated = report.Arms[1];
        Assert.Equal((ArmNames.Treated, false), (treated.Arm, treated.IsBaseline));
        // 15% of the treated came back against 33 of 300 (11%) untreated: 4 points, 40 of the 1,000 returns caused, 500 ÷ 40 each.
        Assert.Equal(0.11, treated.Lift!.ControlRate, 12);
        Assert.Equal(0.04, treated.Lift.Difference, 12);
        Assert.Equal(40, treated.IncrementalReturns!.Value, 9);
        Assert.Equal(12.5, treated.CostPerIncrementalReturn!.Value, 9);
        Assert.Empty(report.Warnings);
    }

    [Fact]
    public void Two_variants_are_preceded_by_an_all_treated_arm_and_one_no_better_than_the_baseline_has_no_cost_per_incremental_return()
    {
        var report = Report([
            Enrollments(ArmNames.Holdout, 500, 50),
            Enrollments("ab=b", 500, 50, cost: 100),
            Enrollments("ab=a", 500, 75, cost: 100)]);

        Assert.Equal([ArmNames.Untreated, ArmNames.AllTreated, "ab=a", "ab=b"], report.Arms.Select(a => a.Arm));
        var (all, a, b) = (report.Arms[1], report.Arms[2], report.Arms[3]);
        Assert.Equal((1_000L, 125L, 200.0), (all.Users, all.Returned, all.Cost));
        Assert.Equal(0.025, all.Lift!.Difference, 12);
        Assert.Equal(8, all.CostPerIncrementalReturn!.Value, 9);
        Assert.Equal(0.05, a.Lift!.Difference, 12);
        Assert.Equal(4, a.CostPerIncrementalReturn!.Value, 9);
        Assert.Equal(0, b.IncrementalReturns!.Value, 12);
        Assert.Null(b.CostPerIncrementalReturn);
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(-1, true)]
    public void A_treated_arm_is_too_small_exactly_when_it_has_fewer_users_than_the_sample_size_for_the_stated_lift(int offset, bool tooSmall)
    {
        var measurement = new JourneyMeasurement { MinimumDetectableLift = 0.15 };
        var needed = SampleSize.PerArm(0.10, 0.15, relative: true).PerArm!.Value;
        var users = needed + offset;

        var report = Report([Enrollments(ArmNames.Holdout, 100_000, 10_000), Enrollments(ArmNames.Treated, users, users / 8)], measurement: measurement);

        var arm = report.Arms[1];
        Assert.Equal(needed, arm.NeededPerArm);
        Assert.Equal(tooSmall, arm.TooSmall);
        var warnings = report.Warnings.Where(w => w.StartsWith("Arm 'treated' is too small to detect a 15% relative lift from a 10.0% baseline", StringComparison.Ordinal));
        Assert.Equal(tooSmall ? 1 : 0, warnings.Count());
    }

    [Fact]
    public void A_baseline_smaller_than_the_sample_size_flags_even_a_large_treated_arm()
    {
        var measurement = new JourneyMeasurement { MinimumDetectableLift = 0.15 };
        var needed = SampleSize.PerArm(0.10, 0.15, relative: true).PerArm!.Value;
        Assert.InRange(needed, 6_001, 99_999);

        var report = Report([Enrollments(ArmNames.Control, 6_000, 600), Enrollments(ArmNames.Treated, 100_000, 12_000)], measurement: measurement);

        Assert.True(report.Arms[1].TooSmall);
        var warning = Assert.Single(report.Warnings);
        Assert.Contains($"each arm needs {needed:N0} users", warning, StringComparison.Ordinal);
        Assert.Contains($"the untreated baseline {6_000:N0}", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_untreated_users_no_arm_has_a_lift_and_the_report_says_lift_cannot_be_measured()
    {
        var report = Report([Enrollments(ArmNames.Treated, 1_000, 150, cost: 80)]);

        var (baseline, treated) = (report.Arms[0], report.Arms[1]);
        Assert.Equal((0L, (double?)null), (baseline.Users, baseline.ReturnRate));
        Assert.Null(treated.Lift);
        Assert.Null(treated.IncrementalReturns);
        Assert.Null(treated.CostPerIncrementalReturn);
        Assert.Equal(((long?)null, false), (treated.NeededPerArm, treated.TooSmall));
        Assert.StartsWith("No untreated users", Assert.Single(report.Warnings), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(29, true)]
    [InlineData(30, true)]
    [InlineData(31, false)]
    public void The_report_warns_that_returns_are_still_counted_until_the_day_after_the_last_enrollments_window_closes(int daysAfter, bool warns)
    {
        // Enrolled late on Day0, a user's 30-day window ends late on Day0 + 30, so returns are still arriving that morning.
        var rows = new[]
        {
            Enrollments(ArmNames.Holdout, 500, 50, day: Day0.AddDays(-5)),
            Enrollments(ArmNames.Treated, 500, 60, day: Day0),
            Row(ArmNames.Treated, new MetricCounters { Returned = 1 }, Day0.AddDays(20)),
        };

        var report = Report(rows, asOf: On(Day0.AddDays(daysAfter)));

        var warning = report.Warnings.SingleOrDefault(w => w.StartsWith("Returns are still being counted", StringComparison.Ordinal));
        Assert.Equal(warns, warning is not null);
        if (warns)
        {
            Assert.Contains($"users enrolled on {Day0:yyyy-MM-dd} closes on {Day0.AddDays(30):yyyy-MM-dd}", warning, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Activation_counts_reached_treated_users_wake_rate_counts_every_arm_and_the_funnel_follows_the_treated()
    {
        var measurement = Coarse with { ActivationTarget = 0.25 };
        var report = Report(
            [
                Row(ArmNames.Treated, new MetricCounters
                {
                    Enrolled = 100, Reached = 80, Sent = 120, Delivered = 110, Clicked = 30, Cost = 60, Returned = 20, ReturnedAfterReach = 16, Purchasers = 5,
                }),
                Row(ArmNames.Holdout, new MetricCounters { Enrolled = 25, HeldOut = 25, Returned = 3, Purchasers = 1 }),
            ],
            measurement: measurement);

        Assert.Equal(16.0 / 80, report.Kpis.ActivationRate!.Value, 12);
        Assert.Equal(0.25, report.Kpis.ActivationTarget);
        Assert.Equal(23.0 / 125, report.Kpis.WakeRate!.Value, 12);
        Assert.Equal(60.0 / 20, report.Kpis.CostPerReactivation!.Value, 12);
        Assert.Equal(
            [("enrolled", 125L), ("treated", 100L), ("reached", 80L), ("messages sent", 120L), ("messages delivered", 110L), ("messages clicked", 30L), ("returned", 20L), ("purchased", 5L)],
            report.Funnel.Select(s => (s.Stage, s.Users)));
    }

    [Fact]
    public void Re_silence_counts_only_returns_whose_thirty_days_are_over_and_every_arm_alike()
    {
        var rows = new[]
        {
            Row(ArmNames.Treated, new MetricCounters { Returned = 10, Retained30 = 7 }, Day0),
            Row(ArmNames.Holdout, new MetricCounters { Returned = 4, Retained30 = 1 }, Day0),
            Row(ArmNames.Treated, new MetricCounters { Returned = 5 }, Day0.AddDays(1)),
        };

        // A return on day 0 may still be followed by a visit late on day 30: its 30 days are over from day 31.
        var matured = Report(rows, asOf: On(Day0.AddDays(31)));
        var early = Report(rows, asOf: On(Day0.AddDays(30)));

        Assert.Equal(14, matured.Kpis.ReturnsMatured30);
        Assert.Equal(6.0 / 14, matured.Kpis.ReSilenceRate!.Value, 12);
        Assert.Equal(0, early.Kpis.ReturnsMatured30);
        Assert.Null(early.Kpis.ReSilenceRate);
    }

    [Fact]
    public void Spend_after_return_averages_each_window_over_returns_old_enough_and_scales_spend_before_to_the_window()
    {
        var rows = new[]
        {
            Row(ArmNames.Treated, new MetricCounters { Returned = 2, SpendBefore30 = 40, SpendAfter30 = 30, SpendAfter60 = 50, SpendAfter90 = 80 }, Day0),
            Row(ArmNames.Treated, new MetricCounters { Returned = 1, SpendBefore30 = 20, SpendAfter30 = 10, SpendAfter60 = 10, SpendAfter90 = 10 }, Day0.AddDays(45)),
        };

        var windows = Report(rows, asOf: On(Day0.AddDays(91))).Kpis.SpendAfterReturn;

        Assert.Equal([(30, 3L), (60, 2L), (90, 2L)], windows.Select(w => (w.Days, w.Users)));
        Assert.Equal(40.0 / 3, windows[0].After!.Value, 9);
        Assert.Equal(20, windows[0].Before!.Value, 9);
        Assert.Equal(25, windows[1].After!.Value, 9);
        Assert.Equal(40, windows[1].Before!.Value, 9);
        Assert.Equal(40, windows[2].After!.Value, 9);
        Assert.Equal(60, windows[2].Before!.Value, 9);
    }

    [Fact]
    public void Daily_points_follow_the_calendar_and_skips_are_counted_by_reason_largest_first()
    {
        var report = Report([
            Row(ArmNames.Treated, new MetricCounters { Skipped = 1 }, Day0.AddDays(1), "hello", "sms", "quiet hours until #"),
            Row(ArmNames.Treated, new MetricCounters { Skipped = 3 }, Day0.AddDays(1), "hello", "sms", "no contact point for sms"),
            Row(ArmNames.Treated, new MetricCounters { Skipped = 5 }, Day0.AddDays(1), "hello", "sms", "suppressed: contact policy"),
            Row(ArmNames.Treated, new MetricCounters { Clicked = 2, Returned = 1 }, Day0.AddDays(1), "hello", "sms"),
            Row(ArmNames.Treated, new MetricCounters { Sent = 8, Cost = 0.5 }, Day0, "hello", "sms"),
            Row(ArmNames.Treated, new MetricCounters { Skipped = 2 }, Day0, "hello", "sms", "quiet hours until #"),
            Enrollments(ArmNames.Treated, 10, 0, day: Day0)]);

        Assert.Equal(
            [new DailyPoint(Day0, 10, 8, 0, 0, 0.5), new DailyPoint(Day0.AddDays(1), 0, 0, 2, 1, 0)],
            report.Daily);
        Assert.Equal(
            [new ReasonCount("suppressed: contact policy", 5), new ReasonCount("no contact point for sms", 3), new ReasonCount("quiet hours until #", 3)],
            report.Skips);
        Assert.Equal((Day0, Day0.AddDays(1)), (report.From!.Value, report.To!.Value));
    }

    [Fact]
    public void Channels_and_steps_sum_their_rows_and_a_channel_without_returns_has_no_cost_per_reactivation()
    {
        var report = Report([
            Row(ArmNames.Treated, new MetricCounters { Sent = 10, Failed = 2, Cost = 5, Delivered = 9, Clicked = 3 }, Day0, "hello", "sms"),
            Row(ArmNames.Treated, new MetricCounters { Returned = 2 }, Day0.AddDays(1), "hello", "sms"),
            Row(ArmNames.Treated, new MetricCounters { Sent = 4, Cost = 0.5, Skipped = 1 }, Day0, "nudge", "email"),
            Row(ArmNames.Treated, new MetricCounters { Skipped = 2 }, Day0, "nudge", "email", "no contact point for email"),
            Enrollments(ArmNames.Treated, 20, 2)]);

        Assert.Equal([new ChannelResult("email", 4, 0, 0.5, 0, null), new ChannelResult("sms", 10, 2, 5, 2, 2.5)], report.Channels);
        Assert.Equal([new StepResult("hello", "sms", 10, 0, 9, 3, 2), new StepResult("nudge", "email", 4, 3, 0, 0, 0)], report.Steps);
    }

    [Fact]
    public void Segments_split_each_band_tier_cause_and_version_into_untreated_and_treated_and_leave_out_groups_with_nobody_enrolled()
    {
        var report = Report([
            Enrollments(ArmNames.Holdout, 50, 5),
            Enrollments(ArmNames.Treated, 100, 20),
            Enrollments(ArmNames.Treated, 30, 3, band: "Over12Months"),
            Row(ArmNames.Treated, new MetricCounters { Returned = 1 }, tier: "High")]);

        Assert.Equal(
            [
                new SegmentResult("band", "Over12Months", 30, 3, 0, 0, 30, 3),
                new SegmentResult("band", "UpTo3Months", 150, 26, 50, 5, 100, 21),
                new SegmentResult("tier", "Mid", 180, 28, 50, 5, 130, 23),
                new SegmentResult("cause", "None", 180, 29, 50, 5, 130, 24),
                new SegmentResult("version", "1", 180, 29, 50, 5, 130, 24),
            ],
            report.Segments);
    }

    [Fact]
    public void A_journey_with_no_rows_has_an_empty_baseline_no_rates_and_no_warnings()
    {
        var report = Report([]);

        Assert.Null(report.From);
        Assert.Null(report.To);
        Assert.Equal(ArmNames.Untreated, Assert.Single(report.Arms).Arm);
        Assert.Empty(report.Warnings);
        Assert.Empty(report.Daily);
        Assert.All([report.Kpis.ActivationRate, report.Kpis.WakeRate, report.Kpis.CostPerReactivation, report.Kpis.ReSilenceRate], rate => Assert.Null(rate));
        Assert.All(report.Kpis.SpendAfterReturn, w => Assert.Equal((0L, (double?)null), (w.Users, w.After)));
    }

    [Fact]
    public void A_report_rolled_up_from_real_decisions_and_returns_counts_each_user_in_the_arm_and_channel_that_reached_them()
    {
        var definition = TwoSends();
        const double SmsCost = 0.05;
        var facts = new List<MetricFact>();

        // Reached by SMS, back two days later.
        var reached = Driver.For(definition);
        facts.Add(JourneyFacts.Enrolled(definition, reached.State));
        reached.Start();
        var before = reached.State;
        facts.AddRange(JourneyFacts.Of(definition, before, reached.Sent(T0.AddSeconds(5)), _ => SmsCost));
        facts.AddRange(ReturnTracking.Apply(definition, reached.State, MeasurementMarks.None,
            new ActivityEvent("e-1", UserId, ActivityType.Login, T0.AddDays(2)), Window, ("hello", "sms")).Facts);

        // No contact point for SMS: skipped, never back.
        var skipped = new Driver(definition, NewState(definition, Reachable(Channel.Email), userId: "user-2"));
        facts.Add(JourneyFacts.Enrolled(definition, skipped.State));
        before = skipped.State;
        facts.AddRange(JourneyFacts.Of(definition, before, skipped.Start(), _ => SmsCost));

        // Held out, back on their own.
        var holdout = new Driver(definition, NewState(definition, heldOut: true, userId: "user-3"));
        facts.Add(JourneyFacts.Enrolled(definition, holdout.State));
        before = holdout.State;
        facts.AddRange(JourneyFacts.Of(definition, before, holdout.Start(), _ => SmsCost));
        facts.AddRange(ReturnTracking.Apply(definition, holdout.State, MeasurementMarks.None,
            new ActivityEvent("e-3", "user-3", ActivityType.Login, T0.AddDays(3)), Window, null).Facts);

        var report = Report(MetricRow.RollUp(facts));

        Assert.Equal([(ArmNames.Untreated, 1L, 1L), (ArmNames.Treated, 2L, 1L)], report.Arms.Select(a => (a.Arm, a.Users, a.Returned)));
        Assert.Equal(-0.5, report.Arms[1].Lift!.Difference, 12);
        Assert.Equal(1.0, report.Kpis.ActivationRate!.Value, 12);
        Assert.Equal([new ChannelResult("sms", 1, 0, SmsCost, 1, SmsCost)], report.Channels);
        Assert.Equal([new ReasonCount("noContactPoint", 1)], report.Skips);
        Assert.Equal(new MetricCounters { Enrolled = 3, HeldOut = 1, Reached = 1, Sent = 1, Skipped = 1, Cost = SmsCost, Returned = 2, ReturnedAfterReach = 1 }, report.Totals);
    }
}
