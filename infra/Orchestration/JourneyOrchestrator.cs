using Microsoft.DurableTask;
using Reactivation.Core.Journeys;

namespace Reactivation.Infra.Orchestration;

/// <summary>
/// Runs one journey instance on Durable Task: asks <see cref="JourneyDecider"/> what to do and does it with Durable's
/// primitives, and nothing else. Every effect is the step activity's, scheduled only after the task hub has committed the
/// decision it carries, so nothing is written or sent for a decision that was never committed; waits are durable timers
/// raced against the instance's external events.
/// </summary>
/// <remarks>
/// Orchestrator code replays: time is the context's (or the journey clock's activity result), there is no I/O, and the
/// code paths for running instances never change (see the README's "Shipping an orchestrator change").
/// </remarks>
public sealed class JourneyOrchestrator : TaskOrchestrator<JourneyRun, JourneyResult?>
{
    // A step activity that throws (storage out for longer than its own retries, say) is tried again on Durable's timers
    // for about half an hour before the journey fails; a worker that dies mid-step is not a throw: Durable re-runs it.
    private static readonly TaskOptions StepRetry = new(new TaskRetryOptions(new Microsoft.DurableTask.RetryPolicy(
        maxNumberOfAttempts: 12, firstRetryInterval: TimeSpan.FromSeconds(1), backoffCoefficient: 2, maxRetryInterval: TimeSpan.FromMinutes(5))));

    /// <inheritdoc />
    public override async Task<JourneyResult?> RunAsync(TaskOrchestrationContext context, JourneyRun input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var options = input.Settings.Stepper;
        var state = input.State;
        var inbox = new List<InboundEvent>(input.Inbox);
        var (definition, problems) = JourneyJson.Parse(input.DefinitionJson, state.JourneyId);
        JourneyTrigger trigger = definition is null
            ? new FaultTrigger($"the definition cannot be read: {string.Join("; ", problems.Select(p => p.ToString()))}")
            : state.Status == InstanceStatus.Pending ? JourneyTrigger.Start : JourneyTrigger.Wake;
        definition ??= new JourneyDefinition { Id = state.JourneyId, Version = state.Version, Entry = new EntryRule(), Start = state.Step ?? "", Steps = [] };
        Task<InboundEvent>? inbound = null;
        var tick = input.Tick;
        for (var decisions = 1; ; decisions++)
        {
            (inbound, tick) = Drain(context, inbound, inbox, tick);
            var now = await NowAsync(context, input.Settings).ConfigureAwait(true);
            var decision = JourneyDecider.Run(definition, state, trigger, inbox, now, options);
            var before = state;
            state = decision.State;
            var send = decision.Commands.OfType<SendCommand>().FirstOrDefault();
            SendResult? answer = null;
            if (decision.Changed)
            {
                if (input.Revision >= JourneyRevisions.CommitBeforeEffects && !input.Settings.SimulatedClock)
                {
                    await CommitAsync(context).ConfigureAwait(true);
                }

                answer = await context.CallActivityAsync<SendResult?>(JourneyTaskNames.Step, new JourneyStepInput(before, state, decision.Events, send, input.TraceParent), StepRetry).ConfigureAwait(true);
            }

            if (state.IsTerminal)
            {
                context.SetCustomStatus(new JourneyStatus(state, tick, Idle: true));
                if (state.Status == InstanceStatus.Failed)
                {
                    // Durable's own status says so too, with the reason, where operators look for failed orchestrations.
                    throw new JourneyFailedException(state.InstanceId, state.Reason);
                }

                return new JourneyResult(state.Outcome ?? JourneyOutcome.Failed, state.Reason, state.Sends, state.Skips, state.HeldOutSends);
            }

            inbox.RemoveAll(e => state.ConsumedEvents.Contains(e.Id));
            if (send is not null)
            {
                trigger = new SendResultTrigger(send.SendKey, answer ?? SendResult.Transient("the step activity returned no answer for the send"));
                continue;
            }

            if (decisions >= input.Settings.DecisionsPerGeneration)
            {
                // Unprocessed events are carried into the new generation by the framework; the ones received are in the input.
                // The new generation's history starts empty, so it can take the current code path whatever this one took.
                context.ContinueAsNew(input with { State = state, Inbox = inbox, Tick = tick, Generation = input.Generation + 1, Revision = JourneyRevisions.Current });
                return null;
            }

            // Published with the checkpoint the wait makes: what the status API shows and how a time-lapse knows the
            // instance has taken every tick it was sent.
            context.SetCustomStatus(new JourneyStatus(state, tick, Idle: inbound is null || !inbound.IsCompleted));
            inbound ??= context.WaitForExternalEvent<InboundEvent>(JourneyTaskNames.InboundEvent);
            await WaitAsync(context, state, inbound, input.Settings).ConfigureAwait(true);
            trigger = JourneyTrigger.Wake;
        }
    }

    // Takes every event that has arrived, keeping one waiter outstanding for the next.
    private static (Task<InboundEvent>? Inbound, long Tick) Drain(TaskOrchestrationContext context, Task<InboundEvent>? inbound, List<InboundEvent> inbox, long tick)
    {
        while (inbound is { IsCompleted: true })
        {
            tick = Take(inbox, inbound.Result, tick);
            inbound = context.WaitForExternalEvent<InboundEvent>(JourneyTaskNames.InboundEvent);
        }

        return (inbound, tick);
    }

    private static long Take(List<InboundEvent> inbox, InboundEvent received, long tick)
    {
        // A clock tick only wakes the instance to look at the time; a repeat of an event already held is the same event.
        if (received.Name == JourneyClock.Tick)
        {
            return Math.Max(tick, JourneyClock.TickNumber(received));
        }

        if (inbox.TrueForAll(e => e.Id != received.Id))
        {
            inbox.Add(received);
        }

        return tick;
    }

    private static async Task WaitAsync(TaskOrchestrationContext context, JourneyState state, Task<InboundEvent> inbound, JourneyRunSettings settings)
    {
        if (settings.SimulatedClock || state.DueAt is not { } due)
        {
            // On a simulated clock, time moves by ticks the time-lapse raises, never by the orchestration's own clock.
            await inbound.ConfigureAwait(true);
            return;
        }

        using var cancel = new CancellationTokenSource();
        var timer = context.CreateTimer(due.UtcDateTime, cancel.Token);
        if (await Task.WhenAny(inbound, timer).ConfigureAwait(true) == inbound)
        {
            // Cancel synchronously: CancelAsync would resume the orchestrator off its own thread.
#pragma warning disable CA1849
            cancel.Cancel();
#pragma warning restore CA1849
        }
    }

    // The Azure Storage provider sends an episode's outbound messages before it commits the episode's history, so a
    // worker that dies between the two leaves an activity queued for a decision the hub never recorded. The retried
    // episode may decide otherwise, because what it decides from is the batch of messages it dequeues (a timer that
    // fired, an event raised meanwhile), and their number and order can differ from the first try: a click that lands
    // beside the timeout's timer can win the race the lost episode gave to the timer. A timer due now, awaited after
    // deciding and before acting, commits the decision with the messages it was made from; the step activity is then
    // scheduled in an episode that only replays it. A lost timer is harmless (nothing runs for it), and the events that
    // arrive meanwhile wait for the next decision. The simulated clock needs no timer: its clock activity, scheduled
    // after the events are taken and before the decision, already commits them.
    private static Task CommitAsync(TaskOrchestrationContext context) => context.CreateTimer(context.CurrentUtcDateTime, CancellationToken.None);

    private static async Task<DateTimeOffset> NowAsync(TaskOrchestrationContext context, JourneyRunSettings settings) =>
        settings.SimulatedClock
            ? await context.CallActivityAsync<DateTimeOffset>(JourneyTaskNames.Clock).ConfigureAwait(true)
            : new DateTimeOffset(context.CurrentUtcDateTime, TimeSpan.Zero);
}
