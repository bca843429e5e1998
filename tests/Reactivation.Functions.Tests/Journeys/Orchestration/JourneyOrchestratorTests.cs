using Microsoft.DurableTask.Client;
using Reactivation.Core.Journeys;
using Reactivation.Core.Journeys.Events;
using Reactivation.Infra.Orchestration;
using Xunit;

namespace Reactivation.Functions.Tests.Journeys.Orchestration;

// Timers run in real time on the in-memory host, so the journeys here wait seconds, not days.
public sealed class JourneyOrchestratorTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static JourneyDefinition TwoSends => OrchestratorHost.Definition("""
        { "id": "two-sends", "version": 1, "entry": {}, "start": "first", "steps": [
          { "id": "first", "kind": "send", "channel": "sms", "template": "care-sms", "next": "pause" },
          { "id": "pause", "kind": "wait", "duration": "2s", "next": "second" },
          { "id": "second", "kind": "send", "channel": "sms", "template": "care-sms", "next": "lost" },
          { "id": "lost", "kind": "exit", "outcome": "lost" } ] }
        """);

    private static JourneyDefinition AwaitClick(string timeout) => OrchestratorHost.Definition($$"""
        { "id": "await-click", "version": 1, "entry": {}, "start": "hello", "steps": [
          { "id": "hello", "kind": "send", "channel": "sms", "template": "care-sms", "next": "listen" },
          { "id": "listen", "kind": "waitFor", "events": [ { "event": "click", "next": "won" } ], "timeout": "{{timeout}}", "onTimeout": "lost" },
          { "id": "won", "kind": "exit", "outcome": "completed" },
          { "id": "lost", "kind": "exit", "outcome": "lost" } ] }
        """);

    [Fact]
    public async Task A_journey_sends_waits_on_a_durable_timer_sends_again_and_ends_with_one_step_activity_per_decision()
    {
        await using var host = await OrchestratorHost.StartAsync(cancellationToken: Ct);

        var id = await host.StartAsync(TwoSends, "u1", Ct);
        var (status, result) = await host.EndAsync(id, Ct);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, status);
        Assert.Equal((JourneyOutcome.Lost, 2), (result!.Outcome, result.Sends));
        Assert.Equal([$"{id}~first~1", $"{id}~second~1"], host.Step.Sends.Select(s => s.SendKey));
        var events = host.Step.Decisions.SelectMany(d => d.Events).ToList();
        Assert.Contains(events, e => e is Waited { StepId: "pause", End: WaitEnd.Elapsed });
        var waited = events.OfType<WaitStarted>().Single();
        Assert.True(events.OfType<Waited>().Single().At >= waited.Until, "the timer fired before the wait was due");

        // Each decision's sequence is one more than the last: the activity can key what it writes by it.
        Assert.Equal(Enumerable.Range(1, host.Step.Decisions.Count), host.Step.Decisions.Select(d => d.After.Sequence));
    }

    [Fact]
    public async Task A_transient_failure_is_retried_after_its_back_off_under_the_same_send_key()
    {
        await using var host = await OrchestratorHost.StartAsync(
            (_, attempt) => attempt == 1 ? SendResult.Transient("503 from the gateway") : SendResult.Sent("p-2"), Ct);
        var definition = OrchestratorHost.Definition("""
            { "id": "retrying", "version": 1, "entry": {}, "start": "hello", "steps": [
              { "id": "hello", "kind": "send", "channel": "sms", "template": "care-sms", "next": "lost",
                "retry": { "firstInterval": "1s", "backoffCoefficient": 2, "maxInterval": "5s", "maxAttempts": 3, "timeout": "1m" } },
              { "id": "lost", "kind": "exit", "outcome": "lost" } ] }
            """);

        var id = await host.StartAsync(definition, "u2", Ct);
        var (_, result) = await host.EndAsync(id, Ct);

        Assert.Equal(1, result!.Sends);
        Assert.Equal([(1, $"{id}~hello~1"), (2, $"{id}~hello~1")], host.Step.Sends.Select(s => (s.Attempt, s.SendKey)));
        var retry = host.Step.Decisions.SelectMany(d => d.Events).OfType<RetryScheduled>().Single();
        var second = host.Step.Decisions.SelectMany(d => d.Events).OfType<SendDecided>().Single(s => s.Attempt == 2);
        Assert.True(second.At >= retry.RetryAt, "the retry went before its back-off");
    }

    [Fact]
    public async Task A_click_before_the_timeout_takes_the_click_path_and_no_click_takes_the_timeout_path()
    {
        await using var host = await OrchestratorHost.StartAsync(cancellationToken: Ct);

        var clicked = await host.StartAsync(AwaitClick("30s"), "clicker", Ct);
        var silent = await host.StartAsync(AwaitClick("2s"), "silent", Ct);
        await host.AtStepAsync(clicked, "listen", Ct);
        await host.RaiseAsync(clicked, JourneyEventNames.Click, "click~hello~1", Ct);

        Assert.Equal(JourneyOutcome.Completed, (await host.EndAsync(clicked, Ct)).Result!.Outcome);
        Assert.Equal(JourneyOutcome.Lost, (await host.EndAsync(silent, Ct)).Result!.Outcome);
    }

    [Fact]
    public async Task An_event_raised_twice_under_one_id_is_taken_once()
    {
        await using var host = await OrchestratorHost.StartAsync(cancellationToken: Ct);
        var definition = OrchestratorHost.Definition("""
            { "id": "two-clicks", "version": 1, "entry": {}, "start": "first", "steps": [
              { "id": "first", "kind": "waitFor", "events": [ { "event": "click", "next": "second" } ], "timeout": "30s", "onTimeout": "lost" },
              { "id": "second", "kind": "waitFor", "events": [ { "event": "click", "next": "won" } ], "timeout": "3s", "onTimeout": "lost" },
              { "id": "won", "kind": "exit", "outcome": "completed" },
              { "id": "lost", "kind": "exit", "outcome": "lost" } ] }
            """);

        var id = await host.StartAsync(definition, "u3", Ct);
        await host.AtStepAsync(id, "first", Ct);
        await host.RaiseAsync(id, JourneyEventNames.Click, "the-same-click", Ct);
        await host.RaiseAsync(id, JourneyEventNames.Click, "the-same-click", Ct);

        Assert.Equal(JourneyOutcome.Lost, (await host.EndAsync(id, Ct)).Result!.Outcome);
        Assert.Single(host.Step.Decisions.SelectMany(d => d.Events).OfType<EventReceived>());
    }

    [Fact]
    public async Task A_return_ends_a_waiting_journey_at_once_as_reactivated()
    {
        await using var host = await OrchestratorHost.StartAsync(cancellationToken: Ct);

        var id = await host.StartAsync(AwaitClick("7d"), "returner", Ct);
        await host.AtStepAsync(id, "listen", Ct);
        await host.RaiseAsync(id, JourneyEventNames.Return, "activity-9", Ct);

        var (status, result) = await host.EndAsync(id, Ct);
        Assert.Equal((OrchestrationRuntimeStatus.Completed, JourneyOutcome.Reactivated), (status, result!.Outcome));
        Assert.True(host.Step.Decisions.Last().After.IsTerminal);
    }

    [Fact]
    public async Task An_opt_out_of_every_channel_the_journey_can_use_ends_it_as_opted_out()
    {
        await using var host = await OrchestratorHost.StartAsync(cancellationToken: Ct);

        var id = await host.StartAsync(AwaitClick("7d"), "leaver", Ct, reachable: Channel.Sms);
        await host.AtStepAsync(id, "listen", Ct);
        await host.RaiseAsync(id, JourneyEventNames.OptOut, "sms-stop-1", Ct, Channel.Sms);

        Assert.Equal(JourneyOutcome.OptedOut, (await host.EndAsync(id, Ct)).Result!.Outcome);
    }

    [Fact]
    public async Task A_held_out_instance_follows_the_journey_and_never_asks_for_a_send()
    {
        await using var host = await OrchestratorHost.StartAsync(cancellationToken: Ct);

        var id = await host.StartAsync(TwoSends, "held", Ct, heldOut: true);
        var (_, result) = await host.EndAsync(id, Ct);

        Assert.Equal((JourneyOutcome.Lost, 0, 2), (result!.Outcome, result.Sends, result.HeldOutSends));
        Assert.Empty(host.Step.Sends);
        Assert.Equal(2, host.Step.Decisions.SelectMany(d => d.Events).OfType<SendHeldOut>().Count());
    }

    [Fact]
    public async Task A_long_loop_continues_as_new_and_keeps_its_state_and_events()
    {
        await using var host = await OrchestratorHost.StartAsync(cancellationToken: Ct);
        var definition = OrchestratorHost.Definition("""
            { "id": "looping", "version": 1, "entry": {}, "start": "hello", "steps": [
              { "id": "hello", "kind": "send", "channel": "sms", "template": "care-sms", "next": "listen" },
              { "id": "listen", "kind": "waitFor", "events": [ { "event": "click", "next": "won" } ], "timeout": "1s", "onTimeout": "listen" },
              { "id": "won", "kind": "exit", "outcome": "completed" } ] }
            """);

        var id = await host.StartAsync(definition, "looper", Ct, decisionsPerGeneration: 3);
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while ((await host.Client.GetInstanceAsync(id, getInputsAndOutputs: true, Ct))?.ReadInputAs<JourneyRun>() is not { Generation: > 0 })
        {
            Assert.True(DateTime.UtcNow < deadline, "the orchestration never continued as new");
            await Task.Delay(200, Ct);
        }

        await host.RaiseAsync(id, JourneyEventNames.Click, "late-click", Ct);
        var (_, result) = await host.EndAsync(id, Ct);

        Assert.Equal((JourneyOutcome.Completed, 1), (result!.Outcome, result.Sends));
        Assert.True(host.Step.Decisions.Last().After.Visits["listen"] >= 2, "the loop's visits were lost when it continued as new");
        Assert.Equal(Enumerable.Range(1, host.Step.Decisions.Count), host.Step.Decisions.Select(d => d.After.Sequence));
    }
}
