using System.Globalization;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Reactivation.Core.Journeys;
using Xunit;
using static Reactivation.Core.Tests.Journeys.Kit;

namespace Reactivation.Core.Tests.Journeys;

/// <summary>What the generated shell does next.</summary>
public enum ActKind
{
    /// <summary>Advance the clock and wake the instance.</summary>
    Wake,

    /// <summary>Set the clock to the instance's due instant (if later) and wake it, to hit timers exactly.</summary>
    WakeAtDue,

    /// <summary>Answer the pending send (or, when stale, some other key).</summary>
    Result,

    /// <summary>Store an event received some time ago and wake the instance.</summary>
    Event,

    /// <summary>Store an event received exactly at the due instant and wake the instance.</summary>
    EventAtDue,

    /// <summary>Store an event without waking (its queue message is late).</summary>
    QuietEvent,

    /// <summary>Stepping the instance threw something that is not a passing outage.</summary>
    Fault,

    /// <summary>A start message delivered again.</summary>
    Restart,
}

/// <summary>One generated step of the shell.</summary>
public sealed record Act(ActKind Kind, TimeSpan Advance, SendStatus Status, bool Stale, string EventId, string EventName, Channel? Channel, TimeSpan Ago)
{
    public override string ToString() => Kind switch
    {
        ActKind.Result => $"+{DurationText.Format(Advance)} {(Stale ? "stale " : "")}{Status}",
        ActKind.Event or ActKind.QuietEvent => $"+{DurationText.Format(Advance)} {Kind} {EventName}{(Channel is { } c ? $":{c}" : "")}#{EventId} {DurationText.Format(Ago)} ago",
        ActKind.EventAtDue => $"{Kind} {EventName}#{EventId}",
        _ => $"+{DurationText.Format(Advance)} {Kind}",
    };
}

/// <summary>A generated run: which journey, who the user is, and what the shell does.</summary>
public sealed record Scenario(int Journey, Channel[] Reachable, string? TimeZone, bool HeldOut, int StartMinute, Act[] Acts)
{
    public override string ToString() =>
        $"journey {JourneyInvariantProperties.Journeys[Journey].Id}, reachable [{string.Join(",", Reachable)}], zone {TimeZone ?? "-"}, heldOut {HeldOut}, "
        + $"start +{StartMinute}m: {string.Join("; ", Acts.Select(a => a.ToString()))}";
}

/// <summary>Random shells against a few definitions: the step function's bookkeeping must hold after every decision.</summary>
public sealed class JourneyInvariantProperties
{
    private static readonly StepperOptions Options = new(TimeSpan.FromMinutes(5), TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"));

    /// <summary>The standard and high-value journeys, a journey whose retried send sits in a loop, and one with a split, a branch and a window.</summary>
    public static IReadOnlyList<JourneyDefinition> Journeys { get; } =
    [
        LoadDefaultJourney("standard"),
        LoadDefaultJourney("high-value"),
        Definition(
            Send("nudge", Channel.Sms, "await", onFailure: "backup", retry: new RetryPolicy(TimeSpan.FromMinutes(1), 2, TimeSpan.FromMinutes(10), 3, TimeSpan.FromHours(1))),
            Send("backup", Channel.Email, "await"),
            WaitFor("await", TimeSpan.FromDays(1), "pause", ("click", "won"), ("reply", "nudge")),
            Wait("pause", TimeSpan.FromHours(12), "nudge"),
            Exit("won", JourneyOutcome.Reactivated)) with { Id = "retry-loop" },
        Definition(
            Split("ab", ("a", 50, "pick"), ("b", 50, "pick")),
            Branch("pick", "by-email", (new StepCondition { Variants = ["b"] }, "window")),
            Wait("window", null, "by-sms", Window(9, 21)),
            Send("by-sms", Channel.Sms, "await", onFailure: "by-email"),
            Send("by-email", Channel.Email, "await"),
            WaitFor("await", TimeSpan.FromDays(2), "lost", ("return", "won"), ("click", "ab")),
            Exit("won", JourneyOutcome.Reactivated),
            Exit("lost", JourneyOutcome.Lost)) with { Id = "split-loop" },
    ];

    private static readonly string[] EventNames = ["return", "click", "reply", "optOut", "complaint"];
    private static readonly string[] Zones = ["Asia/Shanghai", "America/New_York"];

    private static readonly Gen<TimeSpan> Advance = Gen.Frequency(
        (3, Gen.Constant(TimeSpan.Zero)),
        (3, Gen.Choose(1, 59).Select(m => TimeSpan.FromMinutes(m))),
        (3, Gen.Choose(1, 30).Select(h => TimeSpan.FromHours(h))),
        (2, Gen.Choose(1, 8).Select(d => TimeSpan.FromDays(d))));

    private static readonly Gen<TimeSpan> Ago = Gen.Frequency(
        (3, Gen.Constant(TimeSpan.Zero)),
        (4, Gen.Choose(1, 360).Select(m => TimeSpan.FromMinutes(m))),
        (2, Gen.Choose(1, 10 * 24).Select(h => TimeSpan.FromHours(h))));

    private static readonly Gen<ActKind> Kinds = Gen.Frequency(
        (25, Gen.Constant(ActKind.Wake)),
        (10, Gen.Constant(ActKind.WakeAtDue)),
        (30, Gen.Constant(ActKind.Result)),
        (12, Gen.Constant(ActKind.Event)),
        (4, Gen.Constant(ActKind.EventAtDue)),
        (4, Gen.Constant(ActKind.QuietEvent)),
        (1, Gen.Constant(ActKind.Fault)),
        (2, Gen.Constant(ActKind.Restart)));

    private static readonly Gen<SendStatus> Statuses = Gen.Frequency(
        (6, Gen.Constant(SendStatus.Sent)),
        (1, Gen.Constant(SendStatus.Skipped)),
        (3, Gen.Constant(SendStatus.TransientFailure)),
        (1, Gen.Constant(SendStatus.PermanentFailure)));

    private static readonly Gen<Act> Acts =
        from kind in Kinds
        from advance in Advance
        from status in Statuses
        from stale in Gen.Frequency((1, Gen.Constant(true)), (9, Gen.Constant(false)))
        from id in Gen.Choose(0, 7)
        from name in Gen.Elements(EventNames)
        from channel in Gen.Elements<Channel?>(null, null, Channel.Sms, Channel.Email)
        from ago in Ago
        select new Act(kind, advance, status, stale, $"e{id}", name, channel, ago);

    public static Gen<Scenario> Scenarios { get; } =
        from journey in Gen.Choose(0, Journeys.Count - 1)
        from mask in Gen.Frequency((1, Gen.Choose(0, 7)), (4, Gen.Constant(3)))
        from zone in Gen.Elements<string?>(null, Zones[0], Zones[1])
        from heldOut in Gen.Frequency((1, Gen.Constant(true)), (6, Gen.Constant(false)))
        from startMinute in Gen.Choose(0, 24 * 60 - 1)
        from count in Gen.Choose(1, 80)
        from acts in Gen.ArrayOf(Acts, count)
        select new Scenario(
            journey,
            [.. new[] { Channel.Sms, Channel.Email, Channel.Webhook }.Where((_, i) => (mask & (1 << i)) != 0)],
            zone,
            heldOut,
            startMinute,
            acts);

    [Property(MaxTest = 300, QuietOnSuccess = true)]
    public Property Every_decision_keeps_the_instance_bookkeeping_consistent() =>
        Prop.ForAll(Arb.From(Scenarios), scenario => { Run(scenario); });

    [Fact]
    public void A_fixed_sample_of_generated_runs_keeps_the_invariants_and_reaches_every_ending()
    {
        var scenarios = Gen.Sample(Scenarios, numberOfSamples: 400, seed: new Rnd(20260504), size: 50);
        var runs = scenarios.Select(Run).ToList();

        Assert.Equal(400, runs.Count);

        // The generator is only worth something if the runs go everywhere: check they did.
        var outcomes = runs.Where(r => r.Final.Outcome is not null).Select(r => r.Final.Outcome!.Value).ToHashSet();
        foreach (var outcome in new[] { JourneyOutcome.Reactivated, JourneyOutcome.Lost, JourneyOutcome.OptedOut, JourneyOutcome.Complained, JourneyOutcome.Failed })
        {
            Assert.Contains(outcome, outcomes);
        }

        var kinds = runs.SelectMany(r => r.History).Select(h => h.Kind).ToHashSet();
        foreach (var kind in new[] { "sent", "skipped", "heldOut", "retryScheduled", "sendFailed", "timedOut", "waited", "eventReceived", "eventIgnored", "assigned", "branched" })
        {
            Assert.Contains(kind, kinds);
        }

        Assert.Contains(runs, r => r.Sends.GroupBy(s => s.SendKey).Any(g => g.Count() > 1));
        Assert.Contains(runs, r => r.Sends.Select(s => s.StepId).Distinct().Count() < r.Sends.Select(s => s.SendKey).Distinct().Count());
        Assert.True(runs.Sum(r => r.Decisions) >= 10_000, $"only {runs.Sum(r => r.Decisions)} decisions");
    }

    /// <summary>What a run produced, for the coverage check.</summary>
    private sealed record RunResult(JourneyState Final, IReadOnlyList<HistoryEntry> History, IReadOnlyList<SendCommand> Sends, int Decisions);

    /// <summary>Plays <paramref name="scenario"/> through the step function, checking every invariant after every decision.</summary>
    private static RunResult Run(Scenario scenario)
    {
        var definition = Journeys[scenario.Journey];
        var created = T0.AddMinutes(scenario.StartMinute);
        var context = new JourneyContext { Reachable = [.. scenario.Reachable], TimeZone = scenario.TimeZone };
        var state = JourneyState.New(definition, "prop-user", 1, context, scenario.HeldOut, created);
        var inbox = new List<InboundEvent>();
        var raised = new Dictionary<string, InboundEvent>(StringComparer.Ordinal);
        var history = new List<HistoryEntry>();
        var sends = new List<SendCommand>();
        var keyByVisit = new Dictionary<(string Step, int Visit), string>();
        var visitByKey = new Dictionary<string, (string Step, int Visit)>(StringComparer.Ordinal);
        var finishes = 0;
        var changes = 0;
        var decisions = 0;
        var now = created;

        Decide(JourneyTrigger.Start, "start");
        for (var i = 0; i < scenario.Acts.Length; i++)
        {
            var act = scenario.Acts[i];
            now += act.Advance;
            var label = $"act {i} ({act})";
            switch (act.Kind)
            {
                case ActKind.Wake:
                    Decide(JourneyTrigger.Wake, label);
                    break;
                case ActKind.WakeAtDue:
                    now = state.DueAt is { } due && due > now ? due : now;
                    Decide(JourneyTrigger.Wake, label);
                    break;
                case ActKind.Result:
                    var key = act.Stale || state.PendingSendKey is null
                        ? (visitByKey.Keys.FirstOrDefault(k => k != state.PendingSendKey) ?? $"{state.InstanceId}~nowhere~1")
                        : state.PendingSendKey;
                    Decide(new SendResultTrigger(key, new SendResult(act.Status, $"{act.Status} from the generator", "p-1")), label);
                    break;
                case ActKind.Event or ActKind.QuietEvent:
                    Raise(act.EventId, act.EventName, now - act.Ago, act.Channel);
                    if (act.Kind == ActKind.Event)
                    {
                        Decide(JourneyTrigger.Wake, label);
                    }

                    break;
                case ActKind.EventAtDue:
                    var at = state.DueAt ?? now;
                    now = at > now ? at : now;
                    Raise(act.EventId, act.EventName, at, act.Channel);
                    Decide(JourneyTrigger.Wake, label);
                    break;
                case ActKind.Fault:
                    Decide(new FaultTrigger("generated"), label);
                    break;
                case ActKind.Restart:
                    Decide(JourneyTrigger.Start, label);
                    break;
            }
        }

        return new RunResult(state, history, sends, decisions);

        // A repeat of an id is the same event raised again (the store dedupes by id; the stepper must cope anyway).
        void Raise(string id, string name, DateTimeOffset receivedAt, Channel? channel)
        {
            if (!raised.TryGetValue(id, out var stored))
            {
                stored = raised[id] = new InboundEvent(id, name, receivedAt, channel);
            }

            inbox.Add(stored);
        }

        void Decide(JourneyTrigger trigger, string label)
        {
            var before = state;
            var decision = JourneyDecider.Run(definition, before, trigger, inbox, now, Options);
            decisions++;
            var where = $"after {label} at {now:u} (state {Describe(before)} -> {Describe(decision.State)})";

            // The step function is pure: the same inputs, in any inbox order, give the same decision.
            var again = JourneyDecider.Run(definition, before, trigger, [.. Enumerable.Reverse(inbox)], now, Options);
            Assert.True(Snapshot(decision) == Snapshot(again), $"the decision depends on the inbox order or is not repeatable {where}");

            // Decide's events, folded with Evolve, are the decision's state: nothing changes state but an event, so a
            // host that only keeps the events (an orchestration's replay) rebuilds the same instance.
            var folded = decision.Events.Aggregate(before, JourneyDecider.Evolve);
            if (decision.Changed)
            {
                folded = folded with { Sequence = decision.State.Sequence, UpdatedAt = decision.State.UpdatedAt, HistoryCount = decision.State.HistoryCount };
            }

            Assert.True(Snapshot(folded) == Snapshot(decision.State), $"folding the events does not give the decision's state {where}");

            // Once terminal, nothing changes.
            if (before.IsTerminal)
            {
                Assert.False(decision.Changed, $"a terminal instance changed {where}");
                Assert.Same(before, decision.State);
                Assert.Empty(decision.Commands);
            }

            // The sequence moves by exactly one per change, and an unchanged decision returns the very same state.
            if (decision.Changed)
            {
                changes++;
                Assert.True(before.Sequence + 1 == decision.State.Sequence, $"sequence {before.Sequence} -> {decision.State.Sequence} {where}");
                Assert.Equal(now, decision.State.UpdatedAt);
            }
            else
            {
                Assert.Same(before, decision.State);
                Assert.Empty(decision.Commands);
            }

            Assert.Equal(changes, decision.State.Sequence);

            // History is counted exactly.
            history.AddRange(decision.History);
            Assert.True(history.Count == decision.State.HistoryCount, $"HistoryCount {decision.State.HistoryCount} but {history.Count} entries {where}");
            Assert.All(decision.History, h => Assert.InRange(h.At, created, now));

            // Counters match the history.
            var after = decision.State;
            Assert.True(history.Count(h => h.Kind == "sent") == after.Sends, $"Sends {after.Sends} but {history.Count(h => h.Kind == "sent")} sent entries {where}");
            Assert.Equal(history.Count(h => h.Kind == "heldOut"), after.HeldOutSends);
            Assert.Equal(history.Count(h => h.Kind == "skipped"), after.Skips);
            var sentKeys = history.Where(h => h.Kind == "sent").Select(h => h.Detail!.Split(' ')[0]).ToList();
            Assert.True(sentKeys.Count == sentKeys.Distinct().Count(), $"a send key was counted sent twice {where}");

            // Finishing happens once, with the outcome the state records.
            var finish = decision.Commands.OfType<FinishCommand>().ToList();
            finishes += finish.Count;
            Assert.True(finishes <= 1, $"{finishes} finish commands {where}");
            if (!before.IsTerminal && after.IsTerminal)
            {
                Assert.Equal(after.Outcome, Assert.Single(finish).Outcome);
            }
            else
            {
                Assert.Empty(finish);
            }

            // Sends: at most one per decision, keyed by step and visit, matching the pending key; none when held out.
            var issued = decision.Commands.OfType<SendCommand>().ToList();
            Assert.True(issued.Count <= 1, $"{issued.Count} sends in one decision {where}");
            foreach (var send in issued)
            {
                sends.Add(send);
                Assert.False(after.HeldOut, $"a held-out instance sent {where}");
                Assert.True(send.SendKey == after.PendingSendKey, $"send key {send.SendKey} but pending {after.PendingSendKey} {where}");
                Assert.Equal(WaitingFor.SendResult, after.Waiting);
                Assert.Equal(send.StepId, after.Step);
                Assert.Equal(after.Attempt, send.Attempt);
                var visit = after.Visits[send.StepId];
                Assert.Equal(JourneyState.SendKeyFor(after.InstanceId, send.StepId, visit), send.SendKey);
                if (keyByVisit.TryGetValue((send.StepId, visit), out var earlier))
                {
                    Assert.True(earlier == send.SendKey, $"two keys {earlier} and {send.SendKey} for {send.StepId} visit {visit} {where}");
                }

                keyByVisit[(send.StepId, visit)] = send.SendKey;
                if (visitByKey.TryGetValue(send.SendKey, out var owner))
                {
                    Assert.True(owner == (send.StepId, visit), $"key {send.SendKey} reused for {send.StepId} visit {visit} {where}");
                }

                visitByKey[send.SendKey] = (send.StepId, visit);
            }

            // Shapes of the state.
            if (after.IsTerminal)
            {
                Assert.True(after.Waiting == WaitingFor.Nothing && after.DueAt is null, $"terminal but waiting {after.Waiting} until {after.DueAt} {where}");
                Assert.Null(after.PendingSendKey);
                Assert.NotNull(after.Outcome);
                Assert.NotNull(after.CompletedAt);
                Assert.Equal(before.IsTerminal ? before.Outcome : after.Outcome, after.Outcome);
            }
            else
            {
                Assert.Null(after.Outcome);
            }

            if (after.Status == InstanceStatus.Running)
            {
                Assert.True(after.Step is not null && after.Waiting != WaitingFor.Nothing && after.DueAt is not null, $"running but not waiting {where}");
            }

            if (after.Waiting is WaitingFor.SendResult or WaitingFor.Retry)
            {
                Assert.True(after.PendingSendKey is not null && after.Definition(definition) is SendStep, $"waiting on a send with no key or at a non-send step {where}");
            }
            else
            {
                Assert.Null(after.PendingSendKey);
            }

            // A changed instance that waits on a timer gets a fresh wake (older timer messages are stale).
            if (decision.Changed && after.Status == InstanceStatus.Running && after.Waiting is WaitingFor.Timer or WaitingFor.Event or WaitingFor.Retry)
            {
                Assert.Contains(new ScheduleWakeCommand(after.DueAt!.Value), decision.Commands);
            }

            Assert.Equal(after.ConsumedEvents.Length, after.ConsumedEvents.Distinct().Count());
            state = after;
        }
    }

    private static string Describe(JourneyState state) =>
        string.Create(CultureInfo.InvariantCulture, $"{state.Status}@{state.Step}/{state.Waiting}/{state.DueAt:u}/seq {state.Sequence}");

    private static string Snapshot(JourneyDecision decision) =>
        JsonSerializer.Serialize(new { decision.State, Commands = decision.Commands.Cast<object>().ToList(), decision.Events });

    private static string Snapshot(JourneyState state) => JsonSerializer.Serialize(state);
}

internal static class StateExtensions
{
    /// <summary>The step the state is at, in <paramref name="definition"/>.</summary>
    public static JourneyStep? Definition(this JourneyState state, JourneyDefinition definition) =>
        state.Step is null ? null : definition.FindStep(state.Step);
}
