using System.Text.Json;
using Reactivation.Core.Journeys;
using Reactivation.Infra.Orchestration;
using Xunit;

namespace Reactivation.Functions.Tests.Journeys.Orchestration;

// The Azure Storage provider queues an episode's activities before it commits the episode, so an activity scheduled in
// the episode that resolved a race can run for a decision the hub then loses: the chaos test caught a timed-out journey
// sending its follow-up email while the committed history took the click that arrived beside the timer.
public sealed class JourneyOrchestratorCommitTests
{
    private static readonly DateTime Morning = new(2026, 12, 5, 2, 0, 0, DateTimeKind.Utc);

    private static JourneyDefinition ClickOrFollowUp => OrchestratorHost.Definition("""
        { "id": "click-or-follow-up", "version": 1, "entry": {}, "start": "hello", "steps": [
          { "id": "hello", "kind": "send", "channel": "sms", "template": "care-sms", "next": "listen" },
          { "id": "listen", "kind": "waitFor", "events": [ { "event": "click", "next": "won" } ], "timeout": "1h", "onTimeout": "follow-up" },
          { "id": "follow-up", "kind": "send", "channel": "email", "template": "care-email", "next": "lost" },
          { "id": "won", "kind": "exit", "outcome": "completed" },
          { "id": "lost", "kind": "exit", "outcome": "lost" } ] }
        """);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Every_step_activity_is_scheduled_only_after_a_commit_timer_so_no_effect_runs_for_an_uncommitted_decision(bool clicked)
    {
        var (context, run) = Start(JourneyRun.Start(DefinitionJson(), State(), Settings()));

        var ended = await DriveAsync(context, run, clicked);

        Assert.Equal(clicked ? JourneyOutcome.Completed : JourneyOutcome.Lost, ended.Outcome);
        var steps = context.Turns.SelectMany(t => t.Requests.Where(IsStep).Select(r => (t.Trigger, Request: r))).ToList();
        Assert.Equal(clicked ? 3 : 4, steps.Count);
        Assert.All(steps, s => Assert.Equal("commit timer", s.Trigger));

        // The race itself (the wait's timer or the click) starts a turn that commits its decision and does nothing else.
        var race = context.Turns.Single(t => t.Trigger.StartsWith("timer due", StringComparison.Ordinal) || t.Trigger.StartsWith("event", StringComparison.Ordinal));
        Assert.DoesNotContain(race.Requests, IsStep);
        Assert.Contains(race.Requests, r => r.IsCommitTimer);
    }

    [Fact]
    public async Task An_instance_started_on_the_first_revision_keeps_scheduling_its_steps_where_it_decided_them_so_its_history_still_replays()
    {
        var (context, run) = Start(new JourneyRun(DefinitionJson(), State(), [], Settings()));

        var ended = await DriveAsync(context, run, clicked: false);

        Assert.Equal(JourneyOutcome.Lost, ended.Outcome);
        Assert.DoesNotContain(context.Turns.SelectMany(t => t.Requests), r => r.IsCommitTimer);
        Assert.Contains(context.Turns[0].Requests, IsStep);
    }

    [Fact]
    public async Task On_the_simulated_clock_every_step_activity_follows_the_clock_activity_that_took_the_events_first()
    {
        var (context, run) = Start(JourneyRun.Start(DefinitionJson(), State(), Settings() with { SimulatedClock = true }));

        var ended = await DriveAsync(context, run, clicked: true);

        Assert.Equal(JourneyOutcome.Completed, ended.Outcome);
        var triggers = context.Turns.Where(t => t.Requests.Any(IsStep)).Select(t => t.Trigger).ToList();
        Assert.Equal(3, triggers.Count);
        Assert.All(triggers, t => Assert.Equal($"activity {JourneyTaskNames.Clock}", t));
        Assert.DoesNotContain(context.Turns.SelectMany(t => t.Requests), r => r.IsCommitTimer);
    }

    private static bool IsStep(Request request) => request is { Kind: RequestKind.Activity, Name: JourneyTaskNames.Step };

    private static string DefinitionJson() => JsonSerializer.Serialize(ClickOrFollowUp, JourneyJson.Options);

    private static JourneyState State() =>
        JourneyState.New(ClickOrFollowUp, "u1", 1, new JourneyContext { Reachable = [Channel.Sms, Channel.Email] }, false, new DateTimeOffset(Morning));

    private static JourneyRunSettings Settings() => new(TimeSpan.FromMinutes(6), "Asia/Shanghai");

    private static (SteppedContext Context, Task<JourneyResult?> Run) Start(JourneyRun input)
    {
        var context = new SteppedContext(input.State.InstanceId, Morning);
        context.Begin();
        return (context, new JourneyOrchestrator().RunAsync(context, input));
    }

    // Completes the orchestrator's requests one at a time until it ends: commit timers and activities first, then the
    // wait's race, resolved by the click or by the wait's timer.
    private static async Task<JourneyResult> DriveAsync(SteppedContext context, Task<JourneyResult?> run, bool clicked)
    {
        for (var turns = 0; !run.IsCompleted; turns++)
        {
            Assert.True(turns < 100, "the journey never ended");
            var next = context.Pending.FirstOrDefault(r => r.IsCommitTimer) ?? context.Pending.FirstOrDefault(r => r.Kind == RequestKind.Activity);
            if (next is { Kind: RequestKind.Activity })
            {
                context.Complete(next, Answer(next, context));
            }
            else if (next is not null)
            {
                context.Complete(next, null);
            }
            else if (clicked)
            {
                var waiter = context.Pending.Single(r => r.Kind == RequestKind.Event);
                context.Complete(waiter, new InboundEvent("click~hello~1", JourneyEventNames.Click, new DateTimeOffset(context.CurrentUtcDateTime)));
            }
            else
            {
                var timer = context.Pending.Single(r => r.Kind == RequestKind.Timer);
                context.Complete(timer, null, timer.FireAt);
            }
        }

        return (await run)!;
    }

    private static object? Answer(Request activity, SteppedContext context) => activity.Name switch
    {
        JourneyTaskNames.Clock => new DateTimeOffset(context.CurrentUtcDateTime),
        _ => ((JourneyStepInput)activity.Input!).Send is null ? null : SendResult.Sent("p-1"),
    };
}
