using Reactivation.Core.Journeys;
using Xunit;
using static Reactivation.Core.Tests.Journeys.Kit;

namespace Reactivation.Core.Tests.Journeys;

public sealed class JourneySimulatorTests
{
    // 02:00Z is 10:00 in Shanghai, inside the standard journey's 09:00-21:00 window.
    private static readonly DateTimeOffset Start = new(2026, 5, 4, 2, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Horizon = TimeSpan.FromDays(60);
    private static readonly JourneyContext EmailAndSms = new() { Reachable = [Channel.Email, Channel.Sms], TimeZone = "Asia/Shanghai", Locale = "zh-CN" };

    private static Simulation Simulate(string script, JourneyContext? context = null, bool heldOut = false) =>
        JourneySimulator.Run(LoadDefaultJourney("standard"), context ?? EmailAndSms, SimulationScript.Parse(script), Start, Horizon, StepperOptions.Default, heldOut: heldOut);

    [Fact]
    public void A_user_who_clicks_and_later_returns_ends_the_standard_journey_reactivated()
    {
        var simulation = Simulate("click@2d,return@9d");

        Assert.Equal((InstanceStatus.Completed, JourneyOutcome.Reactivated), (simulation.Final.Status, simulation.Final.Outcome));
        Assert.Equal("exit step won", simulation.Final.Reason);

        // The click moves to the 3-day wait, which times out at day 5; the second offer goes out and the return at day 9 wins.
        Assert.Equal(["gift-email", "stronger-sms"], simulation.Sends.Select(s => s.StepId));
        Assert.Contains(simulation.Timeline, h => h.Kind == "eventReceived" && h.Step == "await-first" && h.At == Start.AddDays(2));
        Assert.Contains(simulation.Timeline, h => h.Kind == "timedOut" && h.Step == "clicked" && h.At == Start.AddDays(5));
        Assert.Contains(simulation.Timeline, h => h.Kind == "eventReceived" && h.Step == "await-second" && h.At == Start.AddDays(9));
        Assert.Equal(simulation.Timeline.Count, simulation.Final.HistoryCount);
    }

    [Fact]
    public void A_silent_user_gets_exactly_two_sends_and_ends_lost()
    {
        var simulation = Simulate("");

        Assert.Equal(2, simulation.Sends.Count);
        Assert.Equal(2, simulation.Final.Sends);
        Assert.Equal([Channel.Email, Channel.Sms], simulation.Sends.Select(s => s.Channel));
        Assert.Equal((InstanceStatus.Completed, JourneyOutcome.Lost), (simulation.Final.Status, simulation.Final.Outcome));
        Assert.Equal(Start.AddDays(14), simulation.Timeline[^1].At);
    }

    [Fact]
    public void A_user_with_only_a_phone_gets_both_offers_by_sms()
    {
        var simulation = Simulate("", EmailAndSms with { Reachable = [Channel.Sms] });

        Assert.Equal(["gift-sms", "stronger-sms"], simulation.Sends.Select(s => s.StepId));
        Assert.Equal(JourneyOutcome.Lost, simulation.Final.Outcome);
    }

    [Fact]
    public void A_permanently_failing_email_falls_back_to_sms()
    {
        var simulation = Simulate("fail:gift-email=permanent");

        Assert.Equal(["gift-email", "gift-sms", "stronger-sms"], simulation.Sends.Select(s => s.StepId));
        Assert.Equal(2, simulation.Final.Sends);
        Assert.Equal(JourneyOutcome.Lost, simulation.Final.Outcome);
    }

    [Fact]
    public void Transient_failures_are_retried_under_one_send_key()
    {
        var simulation = Simulate("fail:gift-email=transient*2");

        var gifts = simulation.Sends.Where(s => s.StepId == "gift-email").ToList();
        Assert.Equal([1, 2, 3], gifts.Select(s => s.Attempt));
        Assert.Single(gifts.Select(s => s.SendKey).Distinct());
        Assert.Equal(2, simulation.Final.Sends);
    }

    [Fact]
    public void A_held_out_user_is_simulated_without_any_send()
    {
        var simulation = Simulate("", heldOut: true);

        Assert.Empty(simulation.Sends);
        Assert.Equal((2, JourneyOutcome.Lost), (simulation.Final.HeldOutSends, simulation.Final.Outcome));
    }

    [Fact]
    public void A_user_who_opts_out_of_everything_ends_opted_out()
    {
        var simulation = Simulate("optOut@1d");

        Assert.Equal(JourneyOutcome.OptedOut, simulation.Final.Outcome);
        Assert.Single(simulation.Sends);
    }

    [Fact]
    public void The_simulation_stops_at_the_horizon()
    {
        var simulation = JourneySimulator.Run(
            LoadDefaultJourney("standard"), EmailAndSms, SimulationScript.Silent, Start, TimeSpan.FromDays(3), StepperOptions.Default);

        Assert.Equal((InstanceStatus.Running, "await-first"), (simulation.Final.Status, simulation.Final.Step));
    }

    [Fact]
    public void A_script_parses_events_in_time_order_with_channels_and_failures()
    {
        var script = SimulationScript.Parse("return@9d, optOut:SMS@1d12h; click@2d, fail:gift-sms=transient*3, fail:touch2=permanent, fail:x=skip");

        Assert.Equal(
            [new ScriptedEvent(TimeSpan.FromHours(36), "optOut", Channel.Sms), new ScriptedEvent(TimeSpan.FromDays(2), "click", null), new ScriptedEvent(TimeSpan.FromDays(9), "return", null)],
            script.Events);
        Assert.Equal(new ScriptedFailure(SendStatus.TransientFailure, 3), script.Failures["gift-sms"]);
        Assert.Equal(new ScriptedFailure(SendStatus.PermanentFailure, 1), script.Failures["touch2"]);
        Assert.Equal(new ScriptedFailure(SendStatus.Skipped, 1), script.Failures["x"]);
    }

    [Fact]
    public void An_empty_script_is_a_silent_user()
    {
        var script = SimulationScript.Parse(null);

        Assert.Empty(script.Events);
        Assert.Empty(script.Failures);
    }

    [Theory]
    [InlineData("click")]
    [InlineData("click@")]
    [InlineData("click@2x")]
    [InlineData("click@2")]
    [InlineData("optOut:fax@1d")]
    [InlineData("fail:gift-sms")]
    [InlineData("fail:gift-sms=sometimes")]
    [InlineData("fail:=transient")]
    [InlineData("fail:gift-sms=transient*many")]
    [InlineData("fail:gift-sms=transient*")]
    public void A_bad_script_item_is_rejected_with_a_format_exception_naming_it(string item)
    {
        var error = Assert.Throws<FormatException>(() => SimulationScript.Parse($"click@1d, {item}, return@9d"));

        Assert.Contains($"'{item}'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("optOut:7@1d")]
    [InlineData("optOut:1@1d")]
    public void A_numeric_channel_in_a_script_is_rejected_as_an_unknown_channel(string item)
    {
        // Regression, fixed (SimulationScript.Parse); it used to go wrong like this: Enum.TryParse accepts any integer
        // string, so "optOut:7@1d" yields the undefined Channel 7 and "optOut:1@1d" silently means email, instead of the
        // documented FormatException "unknown channel '7' (sms, email or webhook)".
        var error = Assert.Throws<FormatException>(() => SimulationScript.Parse(item));

        Assert.Contains($"'{item}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_script_event_with_no_name_is_rejected()
    {
        // Regression, fixed (SimulationScript.Parse); it used to go wrong like this: "@2d" has an empty NAME, yet it parses as an event named "".
        var error = Assert.Throws<FormatException>(() => SimulationScript.Parse("click@1d, @2d"));

        Assert.Contains("'@2d'", error.Message, StringComparison.Ordinal);
    }
}
