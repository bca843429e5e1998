using Reactivation.Core.Activity;
using static Reactivation.Core.Tests.Journeys.Kit;
using static Reactivation.Core.Tests.Measurement.MeasurementKit;

namespace Reactivation.Core.Tests.Measurement;

public sealed class ReturnTrackingTests
{
    private static readonly TimeSpan Window = TimeSpan.FromDays(30);
    private static readonly JourneyDefinition Journey = TwoSends();

    /// <summary>Enrolled at T0, spent 12 per 30 days before going silent, not yet sent anything.</summary>
    private static readonly JourneyState Enrolled = NewState(Journey) with { Context = Reachable(Channel.Sms) with { SpendPer30Before = 12 } };

    private static ActivityEvent Login(string id, DateTimeOffset at) => new(id, UserId, ActivityType.Login, at);

    private static ActivityEvent Purchase(string id, DateTimeOffset at, decimal amount) => new(id, UserId, ActivityType.Purchase, at, amount, "CNY");

    private static (MeasurementMarks Marks, IReadOnlyList<MetricFact> Facts) Apply(
        MeasurementMarks marks, ActivityEvent activity, JourneyState? state = null, (string Step, string Channel)? lastTouch = null) =>
        ReturnTracking.Apply(Journey, state ?? Enrolled, marks, activity, Window, lastTouch);

    /// <summary>Applies each event in turn, carrying the marks, and returns the facts of each.</summary>
    private static (MeasurementMarks Marks, List<IReadOnlyList<MetricFact>> Facts) ApplyAll(params ActivityEvent[] activities)
    {
        var marks = MeasurementMarks.None;
        var facts = new List<IReadOnlyList<MetricFact>>();
        foreach (var activity in activities)
        {
            (marks, var added) = Apply(marks, activity);
            facts.Add(added);
        }

        return (marks, facts);
    }

    [Fact]
    public void A_login_in_the_window_counts_one_return_on_its_utc_day_and_a_later_login_counts_no_second_return()
    {
        // 02:00 in Shanghai on the 8th is 18:00 UTC on the 7th.
        var at = new DateTimeOffset(2026, 5, 8, 2, 0, 0, TimeSpan.FromHours(8));

        var (marks, facts) = ApplyAll(Login("e-1", at), Login("e-2", at.AddHours(3)));

        var returned = Assert.Single(facts[0]);
        Assert.Equal(($"returned~{Enrolled.InstanceId}", new DateOnly(2026, 5, 7)), (returned.Id, returned.Day));
        Assert.Equal(new MetricCounters { Returned = 1, SpendBefore30 = 12 }, returned.Counters);
        Assert.Equal((ArmNames.Treated, "", ""), (returned.Dimensions.Arm, returned.Dimensions.Step, returned.Dimensions.Channel));
        Assert.Empty(facts[1]);
        Assert.Equal((at, "e-1"), (marks.ReturnedAt, marks.ReturnEventId));
    }

    [Fact]
    public void A_redelivered_return_event_emits_the_same_fact_again_even_after_later_activity()
    {
        var first = Login("e-1", T0.AddDays(3));

        var (marks, facts) = ApplyAll(first, Login("e-2", T0.AddDays(3).AddHours(1)));
        var (again, redelivered) = Apply(marks, first);

        Assert.Equal(facts[0], redelivered);
        Assert.Equal(marks, again);
    }

    [Theory]
    [InlineData(ActivityType.Login, 0, true)]
    [InlineData(ActivityType.Login, 1, false)]
    [InlineData(ActivityType.Purchase, 0, true)]
    [InlineData(ActivityType.Purchase, 1, false)]
    public void A_return_at_the_end_of_the_window_counts_and_one_tick_later_counts_nothing(ActivityType type, long ticksLate, bool counts)
    {
        var at = Enrolled.CreatedAt + Window + TimeSpan.FromTicks(ticksLate);

        var (marks, facts) = Apply(MeasurementMarks.None, new ActivityEvent("e-1", UserId, type, at, 30m));

        Assert.Equal(counts, facts.Any(f => f.Counters.Returned == 1));
        Assert.Equal(counts ? at : (DateTimeOffset?)null, marks.ReturnedAt);
        if (!counts)
        {
            Assert.Empty(facts);
            Assert.Equal(MeasurementMarks.None, marks);
        }
    }

    [Theory]
    [InlineData(ActivityType.LoginFailed)]
    [InlineData(ActivityType.PasswordReset)]
    [InlineData(ActivityType.Interaction)]
    [InlineData(ActivityType.Session)]
    [InlineData(ActivityType.Complaint)]
    [InlineData(ActivityType.ServiceContact)]
    public void Activity_other_than_a_login_or_purchase_counts_nothing(ActivityType type)
    {
        var (marks, facts) = Apply(MeasurementMarks.None, new ActivityEvent("e-1", UserId, type, T0.AddDays(1), 10m));

        Assert.Empty(facts);
        Assert.Equal(MeasurementMarks.None, marks);
    }

    [Fact]
    public void A_purchase_before_enrollment_counts_nothing()
    {
        var (marks, facts) = Apply(MeasurementMarks.None, Purchase("e-1", Enrolled.CreatedAt.AddTicks(-1), 50m));

        Assert.Empty(facts);
        Assert.Equal(MeasurementMarks.None, marks);
    }

    [Fact]
    public void The_return_of_a_reached_user_counts_toward_activation_and_is_attributed_to_the_last_touch()
    {
        var reached = Enrolled with { Sends = 1 };

        var (_, facts) = Apply(MeasurementMarks.None, Login("e-1", T0.AddDays(2)), reached, ("hello", "sms"));

        var returned = Assert.Single(facts);
        Assert.Equal((1L, 1L), (returned.Counters.Returned, returned.Counters.ReturnedAfterReach));
        Assert.Equal(("hello", "sms"), (returned.Dimensions.Step, returned.Dimensions.Channel));
    }

    [Fact]
    public void A_login_on_a_later_utc_day_counts_retention_once_on_the_returns_day_but_one_on_the_same_day_does_not()
    {
        var returnedAt = new DateTimeOffset(2026, 5, 6, 1, 0, 0, TimeSpan.Zero);

        var (marks, facts) = ApplyAll(
            Login("e-1", returnedAt),
            Login("same-day", returnedAt.AddHours(22)),
            Login("next-day", returnedAt.AddHours(23)),
            Login("week-later", returnedAt.AddDays(7)));

        Assert.Empty(facts[1]);
        var retained = Assert.Single(facts[2]);
        Assert.Equal(($"retained~{Enrolled.InstanceId}", MetricFact.DayOf(returnedAt), new MetricCounters { Retained30 = 1 }), (retained.Id, retained.Day, retained.Counters));
        Assert.Empty(facts[3]);
        Assert.Equal("next-day", marks.RetainedEventId);
        Assert.Equal(facts[2], Apply(marks, Login("next-day", returnedAt.AddHours(23))).Facts);
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(1, false)]
    public void Retention_counts_up_to_exactly_thirty_days_after_the_return(long ticksLate, bool counts)
    {
        var returnedAt = T0.AddDays(1);

        var (_, facts) = ApplyAll(Login("e-1", returnedAt), Login("e-2", returnedAt.AddDays(ReturnTracking.RetentionDays).AddTicks(ticksLate)));

        Assert.Equal(counts ? 1 : 0, facts[1].Count(f => f.Counters.Retained30 == 1));
    }

    [Fact]
    public void Purchases_in_the_window_count_their_revenue_and_only_the_first_counts_a_purchaser_even_when_redelivered()
    {
        var first = Purchase("p-1", T0.AddDays(2), 25.5m);

        var (marks, facts) = ApplyAll(Login("e-1", T0.AddDays(1)), first, Purchase("p-2", T0.AddDays(3), 10m));
        var redelivered = Apply(marks, first).Facts;

        MetricCounters PurchaseOf(IEnumerable<MetricFact> f, string id) => Assert.Single(f, x => x.Id == $"purchase~{id}").Counters;
        Assert.Equal(new MetricCounters { Purchases = 1, Revenue = 25.5, Purchasers = 1 }, PurchaseOf(facts[1], "p-1"));
        Assert.Equal(new MetricCounters { Purchases = 1, Revenue = 10, Purchasers = 0 }, PurchaseOf(facts[2], "p-2"));
        Assert.Equal(PurchaseOf(facts[1], "p-1"), PurchaseOf(redelivered, "p-1"));
        Assert.Equal((T0.AddDays(2), "p-1"), (marks.PurchasedAt, marks.PurchaseEventId));
    }

    [Fact]
    public void A_first_purchase_in_the_window_is_at_once_the_return_the_first_purchase_and_spend_on_the_return_day()
    {
        var at = T0.AddDays(4);

        var (_, facts) = Apply(MeasurementMarks.None, Purchase("p-1", at, 40m));

        Assert.Equal([$"returned~{Enrolled.InstanceId}", "purchase~p-1", "spend~p-1"], facts.Select(f => f.Id));
        Assert.All(facts, f => Assert.Equal(MetricFact.DayOf(at), f.Day));
        Assert.Equal(new MetricCounters { SpendAfter30 = 40, SpendAfter60 = 40, SpendAfter90 = 40 }, facts[2].Counters);
    }

    [Theory]
    [InlineData(10 * 24, 7.0, 7.0, 7.0)]
    [InlineData(30 * 24, 7.0, 7.0, 7.0)]
    [InlineData(30 * 24 + 1, 0.0, 7.0, 7.0)]
    [InlineData(60 * 24 + 1, 0.0, 0.0, 7.0)]
    [InlineData(90 * 24, 0.0, 0.0, 7.0)]
    public void Spend_after_a_return_falls_in_each_window_it_is_within_and_is_dated_on_the_return_day(int hoursAfter, double within30, double within60, double within90)
    {
        var returnedAt = T0.AddDays(1);

        var (_, facts) = ApplyAll(Login("e-1", returnedAt), Purchase("p-1", returnedAt.AddHours(hoursAfter), 7m));

        var spend = Assert.Single(facts[1], f => f.Id == "spend~p-1");
        Assert.Equal(MetricFact.DayOf(returnedAt), spend.Day);
        Assert.Equal((within30, within60, within90), (spend.Counters.SpendAfter30, spend.Counters.SpendAfter60, spend.Counters.SpendAfter90));
    }

    [Fact]
    public void A_purchase_more_than_ninety_days_after_the_return_counts_no_spend()
    {
        var returnedAt = T0.AddDays(1);

        var (_, facts) = ApplyAll(Login("e-1", returnedAt), Purchase("p-1", returnedAt.AddDays(90).AddTicks(1), 7m));

        Assert.Empty(facts[1]);
    }
}
