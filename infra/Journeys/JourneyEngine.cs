using Azure;
using Microsoft.Extensions.Logging;
using Reactivation.Core.Journeys;
using Reactivation.Infra.Audit;
using Reactivation.Infra.Policy;
using Reactivation.Infra.Storage;

namespace Reactivation.Infra.Journeys;

/// <summary>
/// The imperative shell around <see cref="JourneyDecider"/>: load an instance, decide, commit the decision as one
/// transaction conditioned on the ETag, then run its commands (send, schedule a timer, release the user).
/// </summary>
/// <remarks>
/// Any number of workers may run this at once. A lost race (412) reloads and decides again; the loser's message is then
/// usually stale and dropped. A send is committed (with its insert-only record) before the channel is called and its key
/// is the channel's idempotency key, so a crash anywhere re-sends at most under the same key, which the channel absorbs.
/// Messages a decision does not send (skipped, held out, deferred, suppressed, failed) go to the why-not-sent ledger,
/// its sends and skips to the audit trail, and its metric facts to measurement, before the decision commits.
/// </remarks>
public sealed class JourneyEngine(
    JourneyStore store, JourneyLibrary library, JourneyQueue queue, JourneyMessenger messenger, JourneyOptions options, TimeProvider clock, ILogger<JourneyEngine> logger,
    NotSentLedger? notSent = null,
    AuditTrail? audit = null,
    Measurement.MeasurementRecorder? measurement = null)
{
    private const int MaxAttempts = 20;
    private const string CheckpointCrash = "Reactivation.CheckpointCrash";

    /// <summary>
    /// Called at each point where a real worker could die: after a commit (<c>committed</c>), after the channel answered
    /// (<c>sent</c>) and after the answer was committed (<c>answered</c>). Reliability tests throw from it; production leaves it null.
    /// </summary>
    public Func<string, CancellationToken, ValueTask>? Checkpoint { get; set; }

    /// <summary>Handles one <c>journey-work</c> message.</summary>
    /// <returns>A line for the invocation log.</returns>
    /// <remarks>
    /// A passing outage (storage, a provider) propagates, and the message is retried. Anything else is a fault that a
    /// retry would only repeat (the repair pass would re-drive it for ever): the instance ends as failed with the error.
    /// </remarks>
    public async Task<string> HandleAsync(JourneyMessage message, CancellationToken cancellationToken)
    {
        try
        {
            return await StepAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && !Outage.IsPassing(ex) && !ex.Data.Contains(CheckpointCrash))
        {
            logger.LogError(ex, "{Instance}: stepping failed with a fault; the instance ends as failed", message.Id);
            return await FailAsync(message.Id, ex, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<string> FailAsync(string instanceId, Exception fault, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var loaded = await store.LoadAsync(instanceId, cancellationToken).ConfigureAwait(false);
            if (loaded is null || loaded.State.IsTerminal)
            {
                return $"{instanceId}: {fault.GetType().Name}: {fault.Message}; the instance is {(loaded is null ? "gone" : loaded.State.Status.ToString())}";
            }

            var state = loaded.State;
            var definition = await DefinitionOrStandInAsync(state, cancellationToken).ConfigureAwait(false);
            var now = clock.GetUtcNow();
            var decision = JourneyDecider.Run(definition, state, new FaultTrigger($"{fault.GetType().Name}: {fault.Message}"), loaded.Inbox, now, options.Stepper);
            try
            {
                await RecordNotSentAsync(definition, state, decision, cancellationToken).ConfigureAwait(false);
                var etag = await store.CommitAsync(loaded, decision, null, now, cancellationToken).ConfigureAwait(false);
                return await RunCommandsAsync(loaded with { State = decision.State, ETag = etag }, decision, definition, cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412 && attempt < MaxAttempts)
            {
                await Backoff.DelayAsync(attempt, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    // The fault may be that the definition cannot be loaded: ending the instance needs none of its steps.
    private async Task<JourneyDefinition> DefinitionOrStandInAsync(JourneyState state, CancellationToken cancellationToken)
    {
        try
        {
            return await library.GetAsync(state.JourneyId, state.Version, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && !Outage.IsPassing(ex))
        {
            return new JourneyDefinition { Id = state.JourneyId, Version = state.Version, Entry = new EntryRule(), Start = state.Step ?? "", Steps = [] };
        }
    }

    private async Task<string> StepAsync(JourneyMessage message, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var loaded = await store.LoadAsync(message.Id, cancellationToken).ConfigureAwait(false);
            if (loaded is null)
            {
                return $"{message.Id}: no such instance (purged, or never created); dropped";
            }

            var state = loaded.State;
            if (state.IsTerminal)
            {
                return $"{message.Id}: already {state.Status}; dropped";
            }

            if (message.Kind == JourneyMessageKind.Timer && message.Sequence < state.Sequence)
            {
                return $"{message.Id}: timer for sequence {message.Sequence} is stale (now {state.Sequence}); dropped";
            }

            var now = clock.GetUtcNow();
            if (message.Kind == JourneyMessageKind.Timer && message.DueAt > now)
            {
                // A long timer arrives every six days at most; put it back until it is due.
                await queue.PutAsync(message, cancellationToken).ConfigureAwait(false);
                return $"{message.Id}: timer due {message.DueAt:u} re-queued";
            }

            var definition = await library.GetAsync(state.JourneyId, state.Version, cancellationToken).ConfigureAwait(false);
            var trigger = message.Kind == JourneyMessageKind.Start ? JourneyTrigger.Start : JourneyTrigger.Wake;
            var decision = JourneyDecider.Run(definition, state, trigger, loaded.Inbox, now, options.Stepper);
            if (!decision.Changed)
            {
                var ownTimer = message.Kind == JourneyMessageKind.Timer && message.Sequence == state.Sequence;
                if (!ownTimer && state.Status == InstanceStatus.Running && state.Waiting != WaitingFor.Nothing && state.DueAt is { } dueAt)
                {
                    // This message was not the instance's own timer (a redelivered start, an event that changed nothing, a
                    // repair): the worker that committed the current state may have died before queueing its timer, or a
                    // send may be in flight on a worker that died. A fresh timer for the current sequence covers both at
                    // once; if the original timer exists too, whichever arrives second finds nothing due.
                    await queue.PutAsync(new JourneyMessage { Id = state.InstanceId, Kind = JourneyMessageKind.Timer, Sequence = state.Sequence, DueAt = dueAt }, cancellationToken)
                        .ConfigureAwait(false);
                }

                return $"{message.Id}: nothing due ({state.Waiting} until {state.DueAt:u})";
            }

            ETag etag;
            try
            {
                await RecordNotSentAsync(definition, state, decision, cancellationToken).ConfigureAwait(false);
                etag = await store.CommitAsync(loaded, decision, null, now, cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412 && attempt < MaxAttempts)
            {
                await Backoff.DelayAsync(attempt, cancellationToken).ConfigureAwait(false);
                continue;
            }

            await CheckpointAsync("committed", cancellationToken).ConfigureAwait(false);
            return await RunCommandsAsync(loaded with { State = decision.State, ETag = etag }, decision, definition, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Applies an operator's suspend, resume or terminate.</summary>
    public async Task<ControlOutcome> ControlAsync(string instanceId, JourneyTrigger trigger, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var loaded = await store.LoadAsync(instanceId, cancellationToken).ConfigureAwait(false);
            if (loaded is null)
            {
                return ControlOutcome.NotFound;
            }

            if (loaded.State.IsTerminal)
            {
                return ControlOutcome.Gone;
            }

            var definition = await library.GetAsync(loaded.State.JourneyId, loaded.State.Version, cancellationToken).ConfigureAwait(false);
            var now = clock.GetUtcNow();
            var decision = JourneyDecider.Run(definition, loaded.State, trigger, loaded.Inbox, now, options.Stepper);
            if (!decision.Changed)
            {
                return ControlOutcome.Accepted;
            }

            try
            {
                await RecordNotSentAsync(definition, loaded.State, decision, cancellationToken).ConfigureAwait(false);
                var etag = await store.CommitAsync(loaded, decision, null, now, cancellationToken).ConfigureAwait(false);
                await RunCommandsAsync(loaded with { State = decision.State, ETag = etag }, decision, definition, cancellationToken).ConfigureAwait(false);
                return ControlOutcome.Accepted;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412 && attempt < MaxAttempts)
            {
                await Backoff.DelayAsync(attempt, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<string> RunCommandsAsync(LoadedInstance current, JourneyDecision decision, JourneyDefinition definition, CancellationToken cancellationToken)
    {
        var sends = 0;
        while (true)
        {
            foreach (var wake in decision.Commands.OfType<ScheduleWakeCommand>())
            {
                await queue.PutAsync(
                    new JourneyMessage { Id = current.State.InstanceId, Kind = JourneyMessageKind.Timer, Sequence = current.State.Sequence, DueAt = wake.DueAt },
                    cancellationToken).ConfigureAwait(false);
            }

            if (decision.Commands.OfType<FinishCommand>().Any())
            {
                await store.ReleaseMemberAsync(current.State, cancellationToken).ConfigureAwait(false);
                logger.LogInformation("{Instance} ended {Outcome}: {Reason}", current.State.InstanceId, current.State.Outcome, current.State.Reason);
            }

            if (decision.Commands.OfType<SendCommand>().FirstOrDefault() is not { } send)
            {
                var state = current.State;
                return $"{state.InstanceId}: {state.Status} at {state.Step} ({state.Waiting}{(state.DueAt is { } due ? $" until {due:u}" : "")}), {sends} sent";
            }

            var result = await messenger.SendAsync(current.State, send, cancellationToken).ConfigureAwait(false);
            await CheckpointAsync("sent", cancellationToken).ConfigureAwait(false);
            sends += result.Status == SendStatus.Sent ? 1 : 0;
            var answered = await AnswerAsync(current, definition, send.SendKey, result, cancellationToken).ConfigureAwait(false);
            if (answered is null)
            {
                return $"{current.State.InstanceId}: send {send.SendKey} answered {result.Status} after the instance moved on";
            }

            await CheckpointAsync("answered", cancellationToken).ConfigureAwait(false);
            (current, decision) = answered.Value;
        }
    }

    private async Task<(LoadedInstance, JourneyDecision)?> AnswerAsync(
        LoadedInstance current, JourneyDefinition definition, string sendKey, SendResult result, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var now = clock.GetUtcNow();
            var decision = JourneyDecider.Run(definition, current.State, new SendResultTrigger(sendKey, result), current.Inbox, now, options.Stepper);
            if (!decision.Changed)
            {
                // The instance no longer waits for this send (an operator ended it meanwhile); the record still gets the answer.
                await store.RecordSendOutcomeAsync(current.State.InstanceId, sendKey, result, now, cancellationToken).ConfigureAwait(false);
                return null;
            }

            try
            {
                await RecordNotSentAsync(definition, current.State, decision, cancellationToken).ConfigureAwait(false);
                var etag = await store.CommitAsync(current, decision, (sendKey, result), now, cancellationToken).ConfigureAwait(false);
                return (current with { State = decision.State, ETag = etag }, decision);
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412 && attempt < MaxAttempts)
            {
                // Someone else changed the instance (an event, an operator, a duplicate message): decide again on what they wrote.
                await Backoff.DelayAsync(attempt, cancellationToken).ConfigureAwait(false);
                current = await store.LoadAsync(current.State.InstanceId, cancellationToken).ConfigureAwait(false)
                    ?? throw new InvalidOperationException($"instance {current.State.InstanceId} disappeared while a send was answered");
            }
        }
    }

    private async Task RecordNotSentAsync(JourneyDefinition definition, JourneyState state, JourneyDecision decision, CancellationToken cancellationToken)
    {
        await (measurement?.DecidedAsync(definition, state, decision, cancellationToken) ?? Task.CompletedTask).ConfigureAwait(false);
        await (notSent?.RecordAsync(state, decision, cancellationToken) ?? Task.CompletedTask).ConfigureAwait(false);
        await (audit?.RecordAsync(state, decision, cancellationToken) ?? Task.CompletedTask).ConfigureAwait(false);
    }

    // A crash injected at a checkpoint stands for the worker dying there: it propagates as it is, never as a fault that
    // fails the instance.
    private async ValueTask CheckpointAsync(string point, CancellationToken cancellationToken)
    {
        try
        {
            await (Checkpoint?.Invoke(point, cancellationToken) ?? ValueTask.CompletedTask).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            ex.Data[CheckpointCrash] = point;
            throw;
        }
    }

}

/// <summary>What an operator's request did.</summary>
public enum ControlOutcome
{
    /// <summary>Applied (or already in effect).</summary>
    Accepted,

    /// <summary>No such instance.</summary>
    NotFound,

    /// <summary>The instance has already ended.</summary>
    Gone,
}
