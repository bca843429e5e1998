using Reactivation.Core.Tests.Journeys;
using static Reactivation.Core.Tests.Journeys.Kit;
using static Reactivation.Core.Tests.Measurement.MeasurementKit;

namespace Reactivation.Core.Tests.Measurement;

public sealed class JourneyFactsTests
{
    private const double SmsCost = 0.05;
    private const double EmailCost = 0.001;

    private static readonly JourneyDefinition Journey = TwoSends();

    private static double UnitCost(Channel channel) => channel == Channel.Sms ? SmsCost : EmailCost;

    /// <summary>The facts of the decision <paramref name="decide"/> makes on <paramref name="run"/>'s current state.</summary>
    private static IReadOnlyList<MetricFact> FactsOf(Driver run, Func<Driver, JourneyDecision> decide)
    {
        var before = run.State;
        return JourneyFacts.Of(Journey, before, decide(run), UnitCost);
    }

    [Theory]
    [InlineData(false, false, ArmNames.Treated, 0)]
    [InlineData(true, false, ArmNames.Holdout, 1)]
    [InlineData(true, true, ArmNames.Control, 1)]
    public void An_enrollment_counts_one_user_on_its_creation_day_in_its_arm_and_counts_held_out_users(bool heldOut, bool control, string arm, long heldOutCount)
    {
        var state = NewState(Journey, heldOut: heldOut, at: T0.AddHours(15)) with { Control = control };

        var fact = JourneyFacts.Enrolled(Journey, state);

        Assert.Equal(($"enrolled~{state.InstanceId}", Day0.AddDays(1)), (fact.Id, fact.Day));
        Assert.Equal(new MetricCounters { Enrolled = 1, HeldOut = heldOutCount }, fact.Counters);
        Assert.Equal(new MetricDimensions(1, arm, "", "", "Active", "Low", "None", ""), fact.Dimensions);
    }

    [Fact]
    public void Each_send_counts_at_its_channels_unit_cost_under_its_send_key_and_only_the_first_reaches_the_user()
    {
        var run = Driver.For(Journey);
        run.Start();

        var first = Assert.Single(FactsOf(run, r => r.Sent(T0.AddSeconds(3))));
        Assert.Empty(FactsOf(run, r => r.Wake(T0.AddDays(2))));
        var second = Assert.Single(FactsOf(run, r => r.Sent(T0.AddDays(2).AddSeconds(4))));

        Assert.Equal(($"sent~{KeyFor(run.State, "hello", 1)}", Day0), (first.Id, first.Day));
        Assert.Equal(new MetricCounters { Sent = 1, Cost = SmsCost, Reached = 1 }, first.Counters);
        Assert.Equal(("hello", "sms", ArmNames.Treated), (first.Dimensions.Step, first.Dimensions.Channel, first.Dimensions.Arm));
        Assert.Equal(($"sent~{KeyFor(run.State, "nudge", 1)}", Day0.AddDays(2)), (second.Id, second.Day));
        Assert.Equal(new MetricCounters { Sent = 1, Cost = EmailCost, Reached = 0 }, second.Counters);
        Assert.Equal(("nudge", "email"), (second.Dimensions.Step, second.Dimensions.Channel));
    }

    [Fact]
    public void A_send_to_a_channel_without_a_contact_point_counts_a_skip_with_its_reason_and_no_cost()
    {
        var run = new Driver(Journey, NewState(Journey, Reachable(Channel.Email)));

        var skipped = Assert.Single(FactsOf(run, r => r.Start()));

        Assert.Equal($"skipped~{KeyFor(run.State, "hello", 1)}", skipped.Id);
        Assert.Equal(new MetricCounters { Skipped = 1 }, skipped.Counters);
        Assert.Equal(("hello", "sms", "noContactPoint"), (skipped.Dimensions.Step, skipped.Dimensions.Channel, skipped.Dimensions.Reason));
    }

    [Theory]
    [InlineData("skipped", "quietHours: quiet hours until 09:00", "skipped", 1, 0, "quietHours")]
    [InlineData("suppressed", "fatigue: 3 messages unanswered", "skipped", 1, 0, "fatigue")]
    [InlineData("permanent", "invalid number", "failed", 0, 1, "")]
    public void A_send_answered_without_going_out_counts_a_skip_or_a_failure_and_no_send(
        string status, string detail, string kind, long skipped, long failed, string reason)
    {
        var run = Driver.For(Journey);
        run.Start();
        var result = status switch
        {
            "skipped" => SendResult.Skipped(NotSentReason.QuietHours, detail),
            "suppressed" => SendResult.Suppressed(NotSentReason.Fatigue, detail),
            _ => SendResult.Permanent(detail),
        };

        var fact = Assert.Single(FactsOf(run, r => r.Answer(result, T0.AddSeconds(3))));

        Assert.Equal($"{kind}~{KeyFor(run.State, "hello", 1)}", fact.Id);
        Assert.Equal(new MetricCounters { Skipped = skipped, Failed = failed }, fact.Counters);
        Assert.Equal(("hello", "sms", reason), (fact.Dimensions.Step, fact.Dimensions.Channel, fact.Dimensions.Reason));
    }

    [Fact]
    public void An_attempt_that_will_be_retried_counts_nothing_and_the_send_that_follows_keeps_the_first_attempts_key()
    {
        var run = Driver.For(Journey);
        run.Start();
        var key = run.State.PendingSendKey;

        Assert.Empty(FactsOf(run, r => r.Answer(SendResult.Transient("gateway timeout"), T0.AddSeconds(3))));
        var retryAt = run.State.DueAt!.Value;
        Assert.Empty(FactsOf(run, r => r.Wake(retryAt)));
        Assert.Equal(2, run.State.Attempt);
        var sent = Assert.Single(FactsOf(run, r => r.Sent(retryAt.AddSeconds(2))));

        Assert.Equal($"sent~{key}", sent.Id);
        Assert.Equal(1, sent.Counters.Reached);
    }

    [Fact]
    public void A_held_out_instance_counts_no_send_skip_or_failure_while_it_follows_the_journey()
    {
        var run = Driver.For(Journey, heldOut: true);

        Assert.Empty(FactsOf(run, r => r.Start()));
        Assert.Empty(FactsOf(run, r => r.Wake(T0.AddDays(2))));
        Assert.Equal(2, run.History.Count(h => h.Kind == "heldOut"));
    }
}
