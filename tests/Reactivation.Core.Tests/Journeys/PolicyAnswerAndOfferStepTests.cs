using Reactivation.Core.Journeys;
using Xunit;
using static Reactivation.Core.Tests.Journeys.Kit;

namespace Reactivation.Core.Tests.Journeys;

/// <summary>How the stepper takes the contact policy's answers (defer, suppress) and the offer steps (issued offers, the reminder before expiry).</summary>
public sealed class PolicyAnswerAndOfferStepTests
{
    private static readonly DateTimeOffset Expiry = T0.AddDays(7);

    // coupon (sms, offer coupon-20) -> remind-wait (48h before expiry) -> remind (sms, @coupon) -> done; no offer -> done.
    private static JourneyDefinition Coupon() => Definition(
        Send("coupon", Channel.Sms, "remind-wait", offer: "coupon-20"),
        new WaitStep { Id = "remind-wait", BeforeExpiryOf = "coupon", IfNoOffer = "done", Next = "remind" },
        Send("remind", Channel.Sms, "done", offer: "@coupon"),
        Exit("done", JourneyOutcome.Lost));

    [Fact]
    public void A_deferred_send_waits_until_the_policy_allows_and_then_goes_again_under_the_same_key_and_attempt()
    {
        var run = Driver.For(Coupon());
        var first = Assert.Single(run.Start().Commands.OfType<SendCommand>());

        run.Answer(SendResult.Deferred(T0.AddHours(11), NotSentReason.QuietHours, "quietHours: deferred"), T0);
        Assert.Equal((WaitingFor.Retry, T0.AddHours(11), 1), (run.State.Waiting, run.State.DueAt, run.State.Attempt));
        Assert.Contains(run.History, h => h.Kind == "deferred" && h.Detail == "quietHours: deferred");

        var again = Assert.Single(run.Wake(T0.AddHours(11)).Commands.OfType<SendCommand>());
        Assert.Equal((first.SendKey, 1), (again.SendKey, again.Attempt));
    }

    [Fact]
    public void Deferrals_never_count_as_failed_attempts_so_a_send_with_no_retries_survives_them()
    {
        var run = Driver.For(Definition(Send("hello", Channel.Sms, "done", retry: NoRetry), Exit("done", JourneyOutcome.Lost)));
        run.Start();

        for (var i = 1; i <= 5; i++)
        {
            run.Answer(SendResult.Deferred(T0.AddDays(i), NotSentReason.FrequencyCap, "frequencyCap"), T0.AddDays(i - 1));
            run.Wake(T0.AddDays(i));
        }

        run.Sent(T0.AddDays(5));
        Assert.Equal((JourneyOutcome.Lost, 1), (run.State.Outcome, run.State.Sends));
    }

    [Fact]
    public void A_suppressed_send_ends_the_journey_as_suppressed_with_the_policy_reason()
    {
        var run = Driver.For(Coupon());
        run.Start();

        var decision = run.Answer(SendResult.Suppressed(NotSentReason.Fatigue, "fatigue: 3 unanswered"), T0);

        Assert.Equal((InstanceStatus.Completed, JourneyOutcome.Suppressed), (run.State.Status, run.State.Outcome));
        Assert.Contains("fatigue", run.State.Reason, StringComparison.Ordinal);
        Assert.Contains(decision.Commands, c => c is FinishCommand { Outcome: JourneyOutcome.Suppressed });
    }

    [Fact]
    public void An_issued_offer_is_remembered_and_the_reminder_goes_48_hours_before_it_expires_with_the_same_code()
    {
        var run = Driver.For(Coupon());
        run.Start();

        run.Answer(SendResult.Sent("m1") with { Offer = new IssuedOfferRef("coupon-20", "R20-ABCDEFGHJK", Expiry) }, T0);

        Assert.Equal((WaitingFor.Timer, Expiry.AddHours(-48)), (run.State.Waiting, run.State.DueAt));
        var reminder = Assert.Single(run.Wake(Expiry.AddHours(-48)).Commands.OfType<SendCommand>());
        Assert.Equal(("@coupon", "R20-ABCDEFGHJK"), (reminder.Offer, reminder.Reminded!.Code));
        run.Answer(SendResult.Sent("m2") with { Offer = new IssuedOfferRef("coupon-20", "OTHER", Expiry.AddDays(9)) }, Expiry.AddHours(-48));
        Assert.Equal("R20-ABCDEFGHJK", run.State.Offers["coupon"].Code);
        Assert.False(run.State.Offers.ContainsKey("remind"));
    }

    [Fact]
    public void When_no_offer_was_issued_the_reminder_wait_takes_its_if_no_offer_path()
    {
        var run = Driver.For(Coupon());
        run.Start();

        run.Answer(SendResult.Sent("m1"), T0);

        Assert.Equal(JourneyOutcome.Lost, run.State.Outcome);
        Assert.Contains(run.History, h => h.Kind == "waited" && h.Step == "remind-wait" && h.Detail == "coupon issued no offer");
        Assert.Single(run.Sends);
    }

    [Fact]
    public void A_reminder_reached_after_the_reminder_time_goes_at_once_and_after_expiry_not_at_all()
    {
        var late = Driver.For(Coupon());
        late.Start();
        late.Answer(SendResult.Sent() with { Offer = new IssuedOfferRef("coupon-20", "C1", T0.AddHours(24)) }, T0);
        Assert.Equal(2, late.Sends.Count());

        var expired = Driver.For(Coupon());
        expired.Start();
        expired.Answer(SendResult.Sent() with { Offer = new IssuedOfferRef("coupon-20", "C2", T0.AddMinutes(-1)) }, T0);
        Assert.Single(expired.Sends);
        Assert.Equal(JourneyOutcome.Lost, expired.State.Outcome);
    }

    [Fact]
    public void The_validator_checks_reminders_and_fallbacks()
    {
        var templates = new[] { "coupon", "remind", "plain", "hello" }.ToDictionary(id => $"{id}-template", _ => Channel.Sms);
        templates["mail"] = Channel.Email;
        var bad = Definition(
            Send("plain", Channel.Sms, "remind-wait"),
            new WaitStep { Id = "remind-wait", BeforeExpiryOf = "plain", Duration = TimeSpan.FromDays(1), Next = "remind" },
            Send("remind", Channel.Sms, "fallback", offer: "@plain"),
            new SendStep { Id = "fallback", Channel = Channel.Sms, Template = "hello-template", FallbackTemplate = "mail", Offer = "coupon-20", Next = "done" },
            Exit("done", JourneyOutcome.Lost));

        var problems = JourneyValidator.Validate(bad, "bad.json", templates).Select(p => p.ToString()).ToList();

        Assert.Contains(problems, p => p.Contains("'plain' is not a send step that issues an offer", StringComparison.Ordinal) && p.Contains("beforeExpiryOf", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("needs ifNoOffer", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("takes 'before', not a duration", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("'@plain' is not a send step that issues an offer", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("template 'mail' is not written for Sms", StringComparison.Ordinal));
        Assert.Empty(JourneyValidator.Validate(Coupon(), "coupon.json", templates));
    }

    [Fact]
    public void A_send_naming_an_offer_the_catalogue_does_not_hold_is_a_problem_but_a_reminder_is_not()
    {
        var templates = new[] { "coupon", "remind" }.ToDictionary(id => $"{id}-template", _ => Channel.Sms);
        var known = new HashSet<string>(StringComparer.Ordinal) { "coupon-20" };

        Assert.Empty(JourneyValidator.Validate(Coupon(), "coupon.json", templates, known));
        var problem = Assert.Single(JourneyValidator.Validate(Coupon(), "coupon.json", templates, new HashSet<string>(StringComparer.Ordinal) { "gift-pack-100" }));
        Assert.Contains("unknown offer 'coupon-20'", problem.Message, StringComparison.Ordinal);
    }
}
