using Microsoft.DurableTask;
using Reactivation.Core.Journeys;

namespace Reactivation.Infra.Orchestration;

/// <summary>
/// Runs one journey instance on Durable Task: asks <see cref="JourneyDecider"/> what to do and does it with Durable's
/// primitives, and nothing else. Every effect is the step activity's, scheduled only for a decision this code made, so
/// nothing is written for a decision that was never committed; waits are durable timers raced against the instance's
/// external events.
/// </summary>
/// <remarks>
/// Orchestrator code replays: time is the context's (or the journey clock's activity result), there is no I/O, and the
/// code paths for running instances never change (see the README's "Shipping an orchestrator change").
/// </remarks>
public sealed class JourneyOrchestrator : TaskOrchestrator<JourneyRun, JourneyResult?>
{
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
        for (var decisions = 1; ; decisions++)
        {
            inbound = Drain(context, inbound, inbox);
            var now = await NowAsync(context, input.Settings).ConfigureAwait(true);
            var decision = JourneyDecider.Run(definition, state, trigger, inbox, now, options);
            var before = state;
            state = decision.State;
            var send = decision.Commands.OfType<SendCommand>().FirstOrDefault();
            SendResult? answer = null;
            if (decision.Changed)
            {
                answer = await context.CallActivityAsync<SendResult?>(JourneyTaskNames.Step, new JourneyStepInput(before, state, decision.Events, send)).ConfigureAwait(true);
                context.SetCustomStatus(JourneyStatus.Of(state));
            }

            if (state.IsTerminal)
            {
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
                context.ContinueAsNew(input with { State = state, Inbox = inbox, Generation = input.Generation + 1 });
                return null;
            }

            inbound ??= context.WaitForExternalEvent<InboundEvent>(JourneyTaskNames.InboundEvent);
            await WaitAsync(context, state, inbound, input.Settings).ConfigureAwait(true);
            trigger = JourneyTrigger.Wake;
        }
    }

    // Takes every event that has arrived, keeping one waiter outstanding for the next.
    private static Task<InboundEvent>? Drain(TaskOrchestrationContext context, Task<InboundEvent>? inbound, List<InboundEvent> inbox)
    {
        while (inbound is { IsCompleted: true })
        {
            Take(inbox, inbound.Result);
            inbound = context.WaitForExternalEvent<InboundEvent>(JourneyTaskNames.InboundEvent);
        }

        return inbound;
    }

    private static void Take(List<InboundEvent> inbox, InboundEvent received)
    {
        // A clock tick only wakes the instance to look at the time; a repeat of an event already held is the same event.
        if (received.Name != JourneyClock.Tick && inbox.TrueForAll(e => e.Id != received.Id))
        {
            inbox.Add(received);
        }
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

    private static async Task<DateTimeOffset> NowAsync(TaskOrchestrationContext context, JourneyRunSettings settings) =>
        settings.SimulatedClock
            ? await context.CallActivityAsync<DateTimeOffset>(JourneyTaskNames.Clock).ConfigureAwait(true)
            : new DateTimeOffset(context.CurrentUtcDateTime, TimeSpan.Zero);
}
