using Reactivation.Core.Journeys;
using Reactivation.Core.Silence;
using Xunit;
using static Reactivation.Core.Tests.Journeys.Kit;

namespace Reactivation.Core.Tests.Journeys;

public sealed class JourneyDeciderTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromDays(2);

    // hello (sms) -> await (click -> clicked, reply -> replied, 2d -> lost); a failed hello goes to sorry.
    private static JourneyDefinition Greeting(RetryPolicy? retry = null, bool withFailurePath = true) => Definition(
        Send("hello", Channel.Sms, "await", onFailure: withFailurePath ? "sorry" : null, retry: retry, offer: "coupon-20"),
        WaitFor("await", Patience, "lost", ("click", "clicked"), ("reply", "replied")),
        Exit("clicked", JourneyOutcome.Reactivated),
        Exit("replied", JourneyOutcome.Completed),
        Exit("lost", JourneyOutcome.Lost),
        Exit("sorry", JourneyOutcome.Completed));

    // pause (1d) -> hello (sms) -> goodbye (email) -> done
    private static JourneyDefinition Paused() => Definition(
        Wait("pause", TimeSpan.FromDays(1), "hello"),
        Send("hello", Channel.Sms, "goodbye"),
        Send("goodbye", Channel.Email, "done"),
        Exit("done", JourneyOutcome.Lost));

    // ---- start and send -------------------------------------------------------------------------------------------

    [Fact]
    public void Starting_a_pending_instance_enters_the_start_step()
    {
        var run = Driver.For(Paused());
        var decision = run.Start();

        Assert.True(decision.Changed);
        Assert.Equal((InstanceStatus.Running, "pause", WaitingFor.Timer), (run.State.Status, run.State.Step, run.State.Waiting));
        Assert.Equal(T0, run.State.StepEnteredAt);
        Assert.Equal(1, run.State.Visits["pause"]);
        Assert.Equal(["started", "waiting"], run.Kinds);
        Assert.Null(run.State.Outcome);
    }

    [Fact]
    public void A_send_step_issues_one_send_command_keyed_by_instance_step_and_visit_and_waits_for_its_result()
    {
        var run = Driver.For(Greeting());
        var decision = run.Start();

        var send = Assert.Single(decision.Commands.OfType<SendCommand>());
        Assert.Equal("test~user-1~1~hello~1", send.SendKey);
        Assert.Equal(new SendCommand("test~user-1~1~hello~1", "hello", Channel.Sms, "hello-template", "coupon-20", 1, null), send);
        Assert.Equal(WaitingFor.SendResult, run.State.Waiting);
        Assert.Equal(send.SendKey, run.State.PendingSendKey);
        Assert.Equal(T0 + Options.SendTimeout, run.State.DueAt);
        Assert.Equal(1, run.State.Attempt);
        Assert.Equal(0, run.State.Sends);
        Assert.Contains(run.History, h => h.Kind == "sending" && h.Step == "hello");
    }

    [Fact]
    public void A_sent_result_counts_the_send_and_moves_to_the_next_step()
    {
        var run = Driver.For(Greeting());
        run.Start();
        var key = run.State.PendingSendKey;

        var decision = run.Answer(SendResult.Sent("provider-42"), T0.AddSeconds(3));

        Assert.Equal(("await", WaitingFor.Event, 1), (run.State.Step, run.State.Waiting, run.State.Sends));
        Assert.Null(run.State.PendingSendKey);
        Assert.Contains(decision.History, h => h.Kind == "sent" && h.Step == "hello" && h.Detail == $"{key} (provider-42)");
        Assert.Equal(T0.AddSeconds(3) + Patience, run.State.DueAt);
        Assert.Equal(new ScheduleWakeCommand(T0.AddSeconds(3) + Patience), Assert.Single(decision.Commands));
    }

    [Fact]
    public void A_skipped_result_moves_to_the_next_step_and_counts_a_skip_not_a_send()
    {
        var run = Driver.For(Greeting());
        run.Start();

        var decision = run.Answer(SendResult.Skipped(NotSentReason.Consent, "no consent on file"), T0.AddSeconds(3));

        Assert.Equal(("await", 0, 1), (run.State.Step, run.State.Sends, run.State.Skips));
        Assert.Contains(decision.History, h => h.Kind == "skipped" && h.Step == "hello" && h.Detail == "no consent on file");
        Assert.Contains(decision.Events, e => e is Core.Journeys.Events.SendSkipped { StepId: "hello", Reason: NotSentReason.Consent });
    }

    [Fact]
    public void A_send_to_a_channel_the_user_cannot_be_reached_on_is_skipped_without_a_send_command()
    {
        var run = Driver.For(Greeting(), Reachable(Channel.Email));
        var decision = run.Start();

        Assert.Empty(decision.Commands.OfType<SendCommand>());
        var skipped = Assert.Single(decision.History, h => h.Kind == "skipped");
        Assert.Equal(("hello", "no contact point for sms"), (skipped.Step, skipped.Detail));
        Assert.Equal(("await", 1, 0), (run.State.Step, run.State.Skips, run.State.Sends));
    }

    [Fact]
    public void A_held_out_instance_follows_the_journey_but_never_emits_a_send_command()
    {
        var run = Driver.For(Paused(), heldOut: true);
        run.Start();
        run.Wake(T0.AddDays(1));

        Assert.Empty(run.Sends);
        Assert.Equal(2, run.History.Count(h => h.Kind == "heldOut"));
        Assert.Contains(run.History, h => h.Kind == "heldOut" && h.Step == "hello" && h.Detail == "would have sent hello-template by sms");
        Assert.Equal((2, 0, JourneyOutcome.Lost), (run.State.HeldOutSends, run.State.Sends, run.State.Outcome));
    }

    // ---- retries and failures -------------------------------------------------------------------------------------

    [Fact]
    public void A_transient_failure_backs_off_exponentially_capped_at_the_max_interval_and_resends_under_the_same_key()
    {
        var retry = new RetryPolicy(TimeSpan.FromMinutes(1), 3, TimeSpan.FromMinutes(5), 5, TimeSpan.FromDays(1));
        var run = Driver.For(Greeting(retry));
        run.Start();
        var key = run.State.PendingSendKey!;

        // Attempt n failing waits firstInterval * 3^(n-1), at most 5 minutes: 1m, 3m, 5m (not 9m), 5m (not 27m).
        var now = T0;
        var expectedDelays = new[] { 1, 3, 5, 5 };
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            var failed = run.Answer(SendResult.Transient("gateway timeout"), now);
            var retryAt = now + TimeSpan.FromMinutes(expectedDelays[attempt - 1]);
            Assert.Equal((WaitingFor.Retry, retryAt, attempt + 1), (run.State.Waiting, run.State.DueAt, run.State.Attempt));
            Assert.Equal(new ScheduleWakeCommand(retryAt), Assert.Single(failed.Commands));
            Assert.Contains(failed.History, h => h.Kind == "retryScheduled");

            Assert.False(run.Wake(retryAt.AddSeconds(-1)).Changed);
            var resent = run.Wake(retryAt);
            var send = Assert.Single(resent.Commands.OfType<SendCommand>());
            Assert.Equal((key, attempt + 1), (send.SendKey, send.Attempt));
            Assert.Equal(key, run.State.PendingSendKey);
            now = retryAt;
        }

        // The fifth attempt is the last: its failure takes the failure path.
        var exhausted = run.Answer(SendResult.Transient("gateway timeout"), now);
        Assert.Contains(exhausted.History, h => h.Kind == "sendFailed" && h.Detail == "retries exhausted after 5 attempts: gateway timeout");
        Assert.Equal((InstanceStatus.Completed, JourneyOutcome.Completed, "sorry"), (run.State.Status, run.State.Outcome, run.State.Step));
        Assert.Equal(5, run.Sends.Count());
        Assert.Single(run.Sends.Select(s => s.SendKey).Distinct());
    }

    [Fact]
    public void Exhausted_retries_with_no_failure_path_finish_the_instance_failed_with_the_reason()
    {
        var retry = new RetryPolicy(TimeSpan.FromMinutes(1), 2, TimeSpan.FromMinutes(10), 2, TimeSpan.FromDays(1));
        var run = Driver.For(Greeting(retry, withFailurePath: false));
        run.Start();
        run.Answer(SendResult.Transient("busy"), T0);
        run.Wake(T0.AddMinutes(1));

        var decision = run.Answer(SendResult.Transient("still busy"), T0.AddMinutes(1));

        Assert.Equal((InstanceStatus.Failed, JourneyOutcome.Failed), (run.State.Status, run.State.Outcome));
        Assert.Equal("hello failed: retries exhausted after 2 attempts: still busy", run.State.Reason);
        Assert.Equal(new FinishCommand(JourneyOutcome.Failed), Assert.Single(decision.Commands));
        Assert.Equal((WaitingFor.Nothing, (DateTimeOffset?)null, (string?)null), (run.State.Waiting, run.State.DueAt, run.State.PendingSendKey));
    }

    [Fact]
    public void No_retry_starts_once_the_policy_timeout_has_passed_since_the_first_attempt()
    {
        var retry = new RetryPolicy(TimeSpan.FromMinutes(1), 2, TimeSpan.FromMinutes(10), 10, TimeSpan.FromMinutes(30));
        var run = Driver.For(Greeting(retry, withFailurePath: false));
        run.Start();

        run.Answer(SendResult.Transient("busy"), T0.AddMinutes(30));

        Assert.Equal(InstanceStatus.Failed, run.State.Status);
        Assert.Equal("hello failed: retries exhausted after 1 attempts: busy", run.State.Reason);
    }

    [Fact]
    public void A_permanent_failure_takes_the_failure_path_without_retrying()
    {
        var run = Driver.For(Greeting());
        run.Start();

        var decision = run.Answer(SendResult.Permanent("number does not exist"), T0.AddSeconds(1));

        Assert.Contains(decision.History, h => h.Kind == "sendFailed" && h.Detail == "number does not exist");
        Assert.Equal(("sorry", JourneyOutcome.Completed), (run.State.Step, run.State.Outcome));
        Assert.Single(run.Sends);
    }

    [Fact]
    public void A_permanent_failure_with_no_failure_path_finishes_failed_naming_the_step_and_the_detail()
    {
        var run = Driver.For(Greeting(withFailurePath: false));
        run.Start();

        run.Answer(SendResult.Permanent("number does not exist"), T0.AddSeconds(1));

        Assert.Equal((InstanceStatus.Failed, JourneyOutcome.Failed), (run.State.Status, run.State.Outcome));
        Assert.Equal("hello failed: number does not exist", run.State.Reason);
        Assert.Equal(new FinishCommand(JourneyOutcome.Failed), run.Commands[^1]);
    }

    [Fact]
    public void A_send_with_no_answer_by_the_send_timeout_is_reconciled_under_the_same_key_and_attempt()
    {
        var run = Driver.For(Greeting());
        run.Start();
        var first = Assert.Single(run.Sends);

        Assert.False(run.Wake(T0 + Options.SendTimeout - TimeSpan.FromSeconds(1)).Changed);
        var decision = run.Wake(T0 + Options.SendTimeout);

        var again = Assert.Single(decision.Commands.OfType<SendCommand>());
        Assert.Equal(first, again);
        Assert.Equal(T0 + Options.SendTimeout + Options.SendTimeout, run.State.DueAt);
    }

    [Fact]
    public void A_send_result_for_another_key_changes_nothing()
    {
        var run = Driver.For(Greeting());
        run.Start();
        var before = run.State;

        var decision = JourneyDecider.Run(run.Definition, before, new SendResultTrigger("test~user-1~1~hello~2", SendResult.Sent()), [], T0.AddSeconds(5), Options);

        Assert.False(decision.Changed);
        Assert.Same(before, decision.State);
        Assert.Empty(decision.Commands);
    }

    [Fact]
    public void A_send_result_that_arrives_while_a_retry_is_pending_changes_nothing()
    {
        var run = Driver.For(Greeting(RetryPolicy.Default));
        run.Start();
        run.Answer(SendResult.Transient("busy"), T0);
        var before = run.State;

        var late = JourneyDecider.Run(run.Definition, before, new SendResultTrigger(before.PendingSendKey!, SendResult.Sent()), [], T0.AddMinutes(1), Options);

        Assert.False(late.Changed);
        Assert.Same(before, late.State);
    }

    // ---- waits ----------------------------------------------------------------------------------------------------

    [Fact]
    public void A_wait_with_a_duration_schedules_a_wake_at_entry_plus_duration_and_fires_only_when_due()
    {
        var run = Driver.For(Paused());
        var started = run.Start();

        Assert.Equal(new ScheduleWakeCommand(T0.AddDays(1)), Assert.Single(started.Commands));
        Assert.Equal(T0.AddDays(1), run.State.DueAt);

        var early = run.Wake(T0.AddDays(1).AddTicks(-1));
        Assert.False(early.Changed);

        var due = run.Wake(T0.AddDays(1));
        Assert.Contains(due.History, h => h.Kind == "waited" && h.Step == "pause" && h.At == T0.AddDays(1));
        Assert.Equal("hello", run.State.Step);
        Assert.Single(due.Commands.OfType<SendCommand>());
    }

    [Fact]
    public void A_late_wake_fires_the_timer_at_its_due_instant_on_the_journey_clock()
    {
        var definition = Definition(
            Wait("pause", TimeSpan.FromDays(1), "await"),
            WaitFor("await", TimeSpan.FromDays(2), "lost", ("click", "won")),
            Exit("won", JourneyOutcome.Reactivated),
            Exit("lost", JourneyOutcome.Lost));
        var run = Driver.For(definition);
        run.Start();

        var decision = run.Wake(T0.AddDays(1).AddHours(7));

        Assert.Equal(T0.AddDays(1), Assert.Single(decision.History, h => h.Kind == "waited").At);
        Assert.Equal(("await", T0.AddDays(1)), (run.State.Step, run.State.StepEnteredAt));
        Assert.Equal(T0.AddDays(3), run.State.DueAt);
    }

    [Fact]
    public void A_wait_with_a_window_in_new_york_jumps_to_the_next_local_opening()
    {
        // 2026-03-10 03:00Z is 23:00 on the 9th in New York (EDT, UTC-4): the 09:00-17:00 window opens at 13:00Z on the 10th.
        var start = new DateTimeOffset(2026, 3, 10, 3, 0, 0, TimeSpan.Zero);
        var definition = Definition(Wait("window", null, "done", Window(9, 17)), Exit("done", JourneyOutcome.Completed));
        var run = new Driver(definition, NewState(definition, new JourneyContext { TimeZone = "America/New_York" }, at: start));

        var decision = run.Start();

        Assert.Equal(new DateTimeOffset(2026, 3, 10, 13, 0, 0, TimeSpan.Zero), run.State.DueAt);
        Assert.Equal(new ScheduleWakeCommand(new DateTimeOffset(2026, 3, 10, 13, 0, 0, TimeSpan.Zero)), Assert.Single(decision.Commands));
    }

    [Fact]
    public void A_window_opening_is_found_in_local_time_across_a_daylight_saving_change()
    {
        // Entered 20:00 EST on Saturday 7 March 2026 (01:00Z on the 8th); a day later is 21:00 EDT on the 8th, just outside
        // 09:00-21:00, so the wait ends at 09:00 EDT on the 9th, which is 13:00Z (not 14:00Z as in winter).
        var start = new DateTimeOffset(2026, 3, 8, 1, 0, 0, TimeSpan.Zero);
        var definition = Definition(Wait("window", TimeSpan.FromDays(1), "done", Window(9, 21)), Exit("done", JourneyOutcome.Completed));
        var run = new Driver(definition, NewState(definition, new JourneyContext { TimeZone = "America/New_York" }, at: start));

        run.Start();

        Assert.Equal(new DateTimeOffset(2026, 3, 9, 13, 0, 0, TimeSpan.Zero), run.State.DueAt);
    }

    [Fact]
    public void A_wait_with_a_window_in_shanghai_jumps_to_the_next_local_opening_and_then_moves_on()
    {
        // 14:00Z is 22:00 in Shanghai (UTC+8): the 09:00-21:00 window opens at 01:00Z the next day.
        var start = new DateTimeOffset(2026, 1, 5, 14, 0, 0, TimeSpan.Zero);
        var definition = Definition(Wait("window", null, "hello", Window(9, 21)), Send("hello", Channel.Sms, "done"), Exit("done", JourneyOutcome.Completed));
        var run = new Driver(definition, NewState(definition, new JourneyContext { TimeZone = "Asia/Shanghai", Reachable = [Channel.Sms] }, at: start));

        run.Start();
        var opening = new DateTimeOffset(2026, 1, 6, 1, 0, 0, TimeSpan.Zero);
        Assert.Equal(opening, run.State.DueAt);

        var decision = run.Wake(opening);
        Assert.Equal("hello", Assert.Single(decision.Commands.OfType<SendCommand>()).StepId);
    }

    [Fact]
    public void A_window_wait_entered_inside_the_window_passes_straight_through()
    {
        // 02:00Z is 10:00 in Shanghai.
        var start = new DateTimeOffset(2026, 1, 5, 2, 0, 0, TimeSpan.Zero);
        var definition = Definition(Wait("window", null, "hello", Window(9, 21)), Send("hello", Channel.Sms, "done"), Exit("done", JourneyOutcome.Completed));
        var run = new Driver(definition, NewState(definition, new JourneyContext { TimeZone = "Asia/Shanghai", Reachable = [Channel.Sms] }, at: start));

        var decision = run.Start();

        Assert.Contains(decision.History, h => h.Kind == "waited" && h.Detail == "inside the window already");
        Assert.Single(decision.Commands.OfType<SendCommand>());
    }

    [Fact]
    public void A_window_uses_the_default_time_zone_when_the_user_has_none()
    {
        var shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        var start = new DateTimeOffset(2026, 1, 5, 14, 0, 0, TimeSpan.Zero);
        var definition = Definition(Wait("window", null, "done", Window(9, 21)), Exit("done", JourneyOutcome.Completed));
        var run = new Driver(definition, NewState(definition, new JourneyContext(), at: start), Options with { DefaultTimeZone = shanghai });

        run.Start();

        Assert.Equal(new DateTimeOffset(2026, 1, 6, 1, 0, 0, TimeSpan.Zero), run.State.DueAt);
    }

    // ---- waitFor --------------------------------------------------------------------------------------------------

    [Fact]
    public void An_event_buffered_before_the_wait_for_began_is_taken_as_soon_as_it_begins()
    {
        var run = Driver.For(Greeting());
        run.Start();

        // The click arrives while the send is in flight: nothing waits for it yet, so nothing happens...
        Assert.False(run.Raise("click-1", "click", T0.AddSeconds(1), T0.AddSeconds(2)).Changed);

        // ...until the send completes and the waitFor begins.
        var decision = run.Sent(T0.AddSeconds(10));

        var received = Assert.Single(decision.History, h => h.Kind == "eventReceived");
        Assert.Equal(("await", T0.AddSeconds(10)), (received.Step, received.At));
        Assert.Equal((InstanceStatus.Completed, JourneyOutcome.Reactivated), (run.State.Status, run.State.Outcome));
        Assert.Contains("click-1", run.State.ConsumedEvents);
    }

    [Fact]
    public void An_event_received_after_the_timeout_loses_to_the_timeout()
    {
        var run = Driver.For(Greeting());
        run.Start();
        run.Sent(T0);
        var due = T0 + Patience;

        var decision = run.Raise("click-1", "click", due.AddSeconds(1), due.AddHours(1));

        Assert.Contains(decision.History, h => h.Kind == "timedOut" && h.At == due);
        Assert.Equal(JourneyOutcome.Lost, run.State.Outcome);
        Assert.DoesNotContain("click-1", run.State.ConsumedEvents);
    }

    [Fact]
    public void An_event_received_at_the_exact_due_instant_beats_the_timeout()
    {
        var run = Driver.For(Greeting());
        run.Start();
        run.Sent(T0);
        var due = T0 + Patience;

        run.Raise("click-1", "click", due, due);

        Assert.Equal(JourneyOutcome.Reactivated, run.State.Outcome);
        Assert.DoesNotContain(run.History, h => h.Kind == "timedOut");
    }

    [Fact]
    public void An_event_received_at_the_due_instant_still_wins_when_the_wake_comes_later()
    {
        var run = Driver.For(Greeting());
        run.Start();
        run.Sent(T0);
        var due = T0 + Patience;

        run.Raise("click-1", "click", due, due.AddHours(3));

        Assert.Equal(JourneyOutcome.Reactivated, run.State.Outcome);
        Assert.Equal(due, Assert.Single(run.History, h => h.Kind == "eventReceived").At);
    }

    [Fact]
    public void A_timeout_fires_when_no_awaited_event_came()
    {
        var run = Driver.For(Greeting());
        run.Start();
        run.Sent(T0);

        Assert.False(run.Wake(T0 + Patience - TimeSpan.FromTicks(1)).Changed);
        var decision = run.Wake(T0 + Patience);

        Assert.Contains(decision.History, h => h.Kind == "timedOut" && h.Detail == "no click or reply within 2d");
        Assert.Equal(JourneyOutcome.Lost, run.State.Outcome);
    }

    [Theory]
    [InlineData("a", "b", JourneyOutcome.Reactivated)]
    [InlineData("b", "a", JourneyOutcome.Completed)]
    public void Two_events_received_at_the_same_instant_are_taken_in_id_order(string clickId, string replyId, JourneyOutcome expected)
    {
        var run = Driver.For(Greeting());
        run.Start();
        run.Sent(T0);
        var at = T0.AddHours(1);
        run.Store(replyId, "reply", at);
        run.Store(clickId, "click", at);

        run.Wake(at);

        Assert.Equal(expected, run.State.Outcome);
        Assert.Single(run.History, h => h.Kind == "eventReceived");
    }

    [Fact]
    public void An_event_the_wait_for_does_not_list_is_left_in_the_inbox()
    {
        var run = Driver.For(Greeting());
        run.Start();
        run.Sent(T0);

        var decision = run.Raise("open-1", "open", T0.AddHours(1), T0.AddHours(1));

        Assert.False(decision.Changed);
        Assert.Equal("await", run.State.Step);
    }

    [Fact]
    public void A_repeated_event_id_is_taken_once()
    {
        var definition = Definition(
            Wait("pause", TimeSpan.FromHours(1), "first"),
            WaitFor("first", TimeSpan.FromDays(1), "lost", ("click", "second")),
            WaitFor("second", TimeSpan.FromDays(1), "lost", ("click", "won")),
            Exit("won", JourneyOutcome.Reactivated),
            Exit("lost", JourneyOutcome.Lost));
        var run = Driver.For(definition);
        run.Start();
        run.Store("click-1", "click", T0.AddHours(2));
        run.Store("click-1", "click", T0.AddHours(3));

        run.Wake(T0.AddHours(4));

        Assert.Equal("second", run.State.Step);
        Assert.Single(run.State.ConsumedEvents);
    }

    // ---- global events --------------------------------------------------------------------------------------------

    [Fact]
    public void A_return_during_a_plain_wait_ends_the_journey_reactivated()
    {
        var run = Driver.For(Paused());
        run.Start();

        var decision = run.Raise("login-1", "return", T0.AddHours(3), T0.AddHours(3));

        Assert.Equal((InstanceStatus.Completed, JourneyOutcome.Reactivated, "the user returned"), (run.State.Status, run.State.Outcome, run.State.Reason));
        Assert.Equal(new FinishCommand(JourneyOutcome.Reactivated), Assert.Single(decision.Commands));
        Assert.Equal((WaitingFor.Nothing, (DateTimeOffset?)null), (run.State.Waiting, run.State.DueAt));
        Assert.Empty(run.Sends);
    }

    [Fact]
    public void A_return_before_the_timer_was_due_wins_even_when_the_wake_comes_after_it()
    {
        var run = Driver.For(Paused());
        run.Start();
        run.Store("login-1", "return", T0.AddHours(23));

        run.Wake(T0.AddDays(2));

        Assert.Equal(JourneyOutcome.Reactivated, run.State.Outcome);
        Assert.Empty(run.Sends);
        Assert.DoesNotContain(run.History, h => h.Kind == "waited");
    }

    [Fact]
    public void A_complaint_ends_the_journey_complained()
    {
        var run = Driver.For(Paused());
        run.Start();

        run.Raise("abuse-1", "complaint", T0.AddHours(3), T0.AddHours(3));

        Assert.Equal((InstanceStatus.Completed, JourneyOutcome.Complained), (run.State.Status, run.State.Outcome));
        Assert.Equal(new FinishCommand(JourneyOutcome.Complained), run.Commands[^1]);
    }

    [Fact]
    public void An_opt_out_with_no_channel_ends_the_journey_opted_out()
    {
        var run = Driver.For(Paused());
        run.Start();

        run.Raise("stop-1", "optOut", T0.AddHours(3), T0.AddHours(3));

        Assert.Equal((InstanceStatus.Completed, JourneyOutcome.OptedOut), (run.State.Status, run.State.Outcome));
    }

    [Fact]
    public void Opting_out_of_each_reachable_channel_in_turn_ends_the_journey_opted_out_on_the_last()
    {
        var run = Driver.For(Paused(), Reachable(Channel.Sms, Channel.Email));
        run.Start();

        run.Raise("stop-sms", "optOut", T0.AddHours(1), T0.AddHours(1), Channel.Sms);
        Assert.Equal(InstanceStatus.Running, run.State.Status);
        Assert.Equal([Channel.Sms], run.State.OptedOut);

        run.Raise("stop-email", "optOut", T0.AddHours(2), T0.AddHours(2), Channel.Email);
        Assert.Equal((InstanceStatus.Completed, JourneyOutcome.OptedOut), (run.State.Status, run.State.Outcome));
    }

    [Fact]
    public void An_opt_out_of_one_channel_only_makes_later_sends_to_that_channel_skip()
    {
        var run = Driver.For(Paused(), Reachable(Channel.Sms, Channel.Email));
        run.Start();
        run.Raise("stop-sms", "optOut", T0.AddHours(1), T0.AddHours(1), Channel.Sms);

        var decision = run.Wake(T0.AddDays(1));

        var skipped = Assert.Single(decision.History, h => h.Kind == "skipped");
        Assert.Equal(("hello", "opted out of sms"), (skipped.Step, skipped.Detail));
        var send = Assert.Single(decision.Commands.OfType<SendCommand>());
        Assert.Equal(("goodbye", Channel.Email), (send.StepId, send.Channel));
    }

    [Fact]
    public void An_event_received_before_the_instance_was_created_is_ignored()
    {
        var run = Driver.For(Paused());
        run.Store("old-login", "return", T0.AddHours(-1));

        var decision = run.Start();

        Assert.Contains(decision.History, h => h.Kind == "eventIgnored" && h.Detail!.Contains("old-login", StringComparison.Ordinal));
        Assert.Equal((InstanceStatus.Running, "pause", (JourneyOutcome?)null), (run.State.Status, run.State.Step, run.State.Outcome));
        Assert.Contains("old-login", run.State.ConsumedEvents);
        Assert.DoesNotContain(decision.Commands, c => c is FinishCommand);
    }

    // ---- branches and splits --------------------------------------------------------------------------------------

    private static JourneyDefinition Branching(params StepCondition[] cases) => Definition(
        [
            Branch("pick", "fallback", [.. cases.Select((c, i) => (c, $"case{i}"))]),
            .. cases.Select((_, i) => Wait($"case{i}", TimeSpan.FromDays(1), "done")),
            Wait("fallback", TimeSpan.FromDays(1), "done"),
            Exit("done", JourneyOutcome.Completed),
        ]);

    private static string BranchTaken(JourneyDefinition definition, JourneyContext context)
    {
        var run = Driver.For(definition, context);
        run.Start();
        return run.State.Step!;
    }

    [Theory]
    [InlineData(DormancyBand.Over12Months, "case0")]
    [InlineData(DormancyBand.UpTo3Months, "fallback")]
    public void A_branch_on_band_takes_the_case_when_the_band_is_listed(DormancyBand band, string expected) =>
        Assert.Equal(expected, BranchTaken(Branching(new StepCondition { Bands = [DormancyBand.Over12Months, DormancyBand.From6To12Months] }), new JourneyContext { Band = band }));

    [Theory]
    [InlineData(ValueTier.High, "case0")]
    [InlineData(ValueTier.Mid, "fallback")]
    public void A_branch_on_tier_takes_the_case_when_the_tier_is_listed(ValueTier tier, string expected) =>
        Assert.Equal(expected, BranchTaken(Branching(new StepCondition { Tiers = [ValueTier.High] }), new JourneyContext { Tier = tier }));

    [Fact]
    public void A_branch_on_channels_needs_a_contact_point_that_was_not_opted_out_of()
    {
        var definition = Definition(
            Wait("pause", TimeSpan.FromDays(1), "pick"),
            Branch("pick", "fallback", (new StepCondition { Channels = [Channel.Email] }, "case0")),
            Wait("case0", TimeSpan.FromDays(1), "done"),
            Wait("fallback", TimeSpan.FromDays(1), "done"),
            Exit("done", JourneyOutcome.Completed));

        Assert.Equal("case0", BranchAfterPause(definition, Reachable(Channel.Email, Channel.Sms), optOut: null));
        Assert.Equal("fallback", BranchAfterPause(definition, Reachable(Channel.Sms), optOut: null));
        Assert.Equal("fallback", BranchAfterPause(definition, Reachable(Channel.Email, Channel.Sms), optOut: Channel.Email));

        static string BranchAfterPause(JourneyDefinition definition, JourneyContext context, Channel? optOut)
        {
            var run = Driver.For(definition, context);
            run.Start();
            if (optOut is { } channel)
            {
                run.Raise("stop", "optOut", T0.AddHours(1), T0.AddHours(1), channel);
            }

            run.Wake(T0.AddDays(1));
            return run.State.Step!;
        }
    }

    [Theory]
    [InlineData("zh-CN", "case0")]
    [InlineData("zh", "case0")]
    [InlineData("ZH-tw", "case0")]
    [InlineData("zhx-CN", "fallback")]
    [InlineData("en-US", "case1")]
    [InlineData("en-GB", "fallback")]
    [InlineData(null, "fallback")]
    public void A_branch_on_locale_matches_whole_prefixes(string? locale, string expected) =>
        Assert.Equal(expected, BranchTaken(Branching(new StepCondition { Locales = ["zh"] }, new StepCondition { Locales = ["en-US"] }), new JourneyContext { Locale = locale }));

    [Fact]
    public void The_first_case_that_holds_wins()
    {
        var definition = Branching(new StepCondition { Tiers = [ValueTier.High] }, new StepCondition { Bands = [DormancyBand.Over12Months] });

        Assert.Equal("case0", BranchTaken(definition, new JourneyContext { Tier = ValueTier.High, Band = DormancyBand.Over12Months }));
        Assert.Equal("case1", BranchTaken(definition, new JourneyContext { Tier = ValueTier.Low, Band = DormancyBand.Over12Months }));
    }

    [Fact]
    public void Every_field_of_a_condition_must_hold()
    {
        var definition = Branching(new StepCondition { Tiers = [ValueTier.High], Bands = [DormancyBand.Over12Months], EarlyWarning = false });

        Assert.Equal("case0", BranchTaken(definition, new JourneyContext { Tier = ValueTier.High, Band = DormancyBand.Over12Months }));
        Assert.Equal("fallback", BranchTaken(definition, new JourneyContext { Tier = ValueTier.High, Band = DormancyBand.From3To6Months }));
        Assert.Equal("fallback", BranchTaken(definition, new JourneyContext { Tier = ValueTier.High, Band = DormancyBand.Over12Months, EarlyWarning = true }));
    }

    private static JourneyDefinition SplitThenBranch() => Definition(
        Split("ab", ("a", 50, "pick"), ("b", 50, "pick")),
        Branch("pick", "not-b", (new StepCondition { Variants = ["b"] }, "is-b")),
        Send("is-b", Channel.Sms, "done"),
        Send("not-b", Channel.Sms, "done"),
        Exit("done", JourneyOutcome.Completed));

    [Fact]
    public void A_branch_on_a_variant_follows_the_split_and_the_send_carries_the_variant()
    {
        var definition = SplitThenBranch();
        var split = (SplitStep)definition.Step("ab");
        var users = Enumerable.Range(0, 40).Select(i => $"user-{i}").ToArray();
        var variantsSeen = new HashSet<string>();

        foreach (var user in users)
        {
            var run = new Driver(definition, NewState(definition, userId: user));
            var decision = run.Start();
            var expected = split.Assign(user, definition.Id).Name;
            variantsSeen.Add(expected);

            Assert.Equal(expected, run.State.Variants["ab"]);
            var send = Assert.Single(decision.Commands.OfType<SendCommand>());
            Assert.Equal(expected == "b" ? "is-b" : "not-b", send.StepId);
            Assert.Equal(expected, send.Variant);
        }

        Assert.Equal(["a", "b"], variantsSeen.Order());
    }

    [Fact]
    public void Split_assignment_is_deterministic_for_a_user()
    {
        var definition = SplitThenBranch();
        var first = Driver.For(definition);
        var second = Driver.For(definition);
        first.Start();
        second.Start();

        Assert.Equal(first.State.Variants, second.State.Variants);
        Assert.Equal(((SplitStep)definition.Step("ab")).Assign(UserId, JourneyId), ((SplitStep)definition.Step("ab")).Assign(UserId, JourneyId));
    }

    [Fact]
    public void A_fifty_fifty_split_of_ten_thousand_users_lands_within_three_points_of_half()
    {
        var split = Split("ab", ("a", 50, "x"), ("b", 50, "x"));
        var a = Enumerable.Range(0, 10_000).Count(i => split.Assign($"user-{i}", "standard").Name == "a");

        Assert.InRange(a, 4_700, 5_300);
    }

    [Fact]
    public void A_ninety_ten_split_of_ten_thousand_users_respects_its_weights()
    {
        var split = Split("ab", ("big", 90, "x"), ("small", 10, "x"));
        var small = Enumerable.Range(0, 10_000).Count(i => split.Assign($"u{i:D6}", "coupon-3-6m").Name == "small");

        Assert.InRange(small, 850, 1_150);
    }

    [Fact]
    public void Different_splits_assign_independently()
    {
        var first = Split("first", ("a", 50, "x"), ("b", 50, "x"));
        var second = Split("second", ("a", 50, "x"), ("b", 50, "x"));
        var agree = Enumerable.Range(0, 10_000).Count(i => first.Assign($"user-{i}", "j").Name == second.Assign($"user-{i}", "j").Name);

        Assert.InRange(agree, 4_700, 5_300);
    }

    // ---- exits, operators -----------------------------------------------------------------------------------------

    [Theory]
    [InlineData(JourneyOutcome.Reactivated, InstanceStatus.Completed)]
    [InlineData(JourneyOutcome.Lost, InstanceStatus.Completed)]
    [InlineData(JourneyOutcome.OptedOut, InstanceStatus.Completed)]
    [InlineData(JourneyOutcome.Complained, InstanceStatus.Completed)]
    [InlineData(JourneyOutcome.Completed, InstanceStatus.Completed)]
    [InlineData(JourneyOutcome.Failed, InstanceStatus.Failed)]
    [InlineData(JourneyOutcome.Terminated, InstanceStatus.Terminated)]
    public void An_exit_step_records_its_outcome_with_the_matching_status(JourneyOutcome outcome, InstanceStatus status)
    {
        var run = Driver.For(Definition(Exit("end", outcome)));
        var decision = run.Start();

        Assert.Equal((status, outcome, "exit step end"), (run.State.Status, run.State.Outcome, run.State.Reason));
        Assert.Equal(new FinishCommand(outcome), Assert.Single(decision.Commands));
        Assert.Equal(T0, run.State.CompletedAt);
        Assert.True(run.State.IsTerminal);
    }

    [Fact]
    public void A_fault_fails_the_instance_with_the_error_and_nothing_changes_it_afterwards()
    {
        var run = Driver.For(Paused());
        run.Start();

        var decision = run.Decide(new FaultTrigger("the template is gone"), T0.AddHours(1));

        Assert.Equal((InstanceStatus.Failed, JourneyOutcome.Failed, "error: the template is gone"), (run.State.Status, run.State.Outcome, run.State.Reason));
        Assert.Equal(new FinishCommand(JourneyOutcome.Failed), Assert.Single(decision.Commands));
        Assert.Contains(decision.History, h => h.Kind == "exited" && h.Detail == "failed: error: the template is gone");

        var ended = run.State;
        foreach (var trigger in new JourneyTrigger[] { JourneyTrigger.Wake, JourneyTrigger.Start, new FaultTrigger("again"), new SendResultTrigger("x", SendResult.Sent()) })
        {
            var after = run.Decide(trigger, T0.AddDays(5));
            Assert.False(after.Changed);
            Assert.Same(ended, after.State);
            Assert.Empty(after.Commands);
        }
    }

    // ---- bookkeeping ----------------------------------------------------------------------------------------------

    [Fact]
    public void A_decision_with_no_change_returns_the_same_state_and_no_commands()
    {
        var run = Driver.For(Paused());
        run.Start();
        var before = run.State;

        var decision = run.Wake(T0.AddHours(1));

        Assert.False(decision.Changed);
        Assert.Same(before, decision.State);
        Assert.Empty(decision.Commands);
        Assert.Empty(decision.History);
    }

    [Fact]
    public void Every_change_bumps_the_sequence_by_exactly_one_and_counts_its_history()
    {
        var run = Driver.For(Greeting());
        var steps = new Func<JourneyDecision>[]
        {
            () => run.Start(),
            () => run.Wake(T0.AddMinutes(1)),
            () => run.Answer(SendResult.Transient("busy"), T0.AddMinutes(1)),
            () => run.Wake(T0.AddMinutes(3)),
            () => run.Wake(T0.AddMinutes(6)),
            () => run.Sent(T0.AddMinutes(7)),
            () => run.Raise("x", "open", T0.AddHours(1), T0.AddHours(1)),
            () => run.Raise("c", "click", T0.AddHours(2), T0.AddHours(2)),
        };

        foreach (var step in steps)
        {
            var before = run.State;
            var decision = step();
            Assert.Equal(before.Sequence + (decision.Changed ? 1 : 0), decision.State.Sequence);
            Assert.Equal(before.HistoryCount + decision.History.Count, decision.State.HistoryCount);
        }

        Assert.Equal(JourneyOutcome.Reactivated, run.State.Outcome);
        Assert.Equal(run.History.Count, run.State.HistoryCount);
        Assert.Equal(5, run.State.Sequence);
    }

    [Fact]
    public void Revisiting_a_send_step_uses_a_new_visit_in_the_key()
    {
        var definition = Definition(
            Send("nudge", Channel.Sms, "await"),
            WaitFor("await", TimeSpan.FromDays(1), "nudge", ("return", "won")),
            Exit("won", JourneyOutcome.Reactivated));
        var run = Driver.For(definition);
        run.Start();
        run.Sent(T0);
        run.Wake(T0.AddDays(1));
        run.Sent(T0.AddDays(1));
        run.Wake(T0.AddDays(2));

        Assert.Equal(
            [KeyFor(run.State, "nudge", 1), KeyFor(run.State, "nudge", 2), KeyFor(run.State, "nudge", 3)],
            run.Sends.Select(s => s.SendKey));
    }

    [Fact]
    public void A_loop_with_no_wait_fails_the_instance_instead_of_spinning()
    {
        var definition = Definition(
            Branch("check", "nudge"),
            Send("nudge", Channel.Webhook, "check"));
        var run = Driver.For(definition, Reachable(Channel.Sms));

        run.Start();

        Assert.Equal((InstanceStatus.Failed, JourneyOutcome.Failed), (run.State.Status, run.State.Outcome));
        Assert.StartsWith($"more than {JourneyDecider.MaxStepsPerDecision} steps without a wait", run.State.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_step_missing_from_the_definition_fails_the_instance()
    {
        var run = Driver.For(Definition(Wait("pause", TimeSpan.FromHours(1), "nowhere")));
        run.Start();

        run.Wake(T0.AddHours(1));

        Assert.Equal((InstanceStatus.Failed, "the definition has no step 'nowhere'"), (run.State.Status, run.State.Reason));
    }
}
