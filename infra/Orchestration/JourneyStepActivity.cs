using System.Diagnostics;
using Microsoft.DurableTask;
using Microsoft.Extensions.Hosting;
using Reactivation.Core.Journeys;
using Reactivation.Infra.Audit;
using Reactivation.Infra.Journeys;
using Reactivation.Infra.Measurement;
using Reactivation.Core.Journeys.Events;
using Reactivation.Infra.Policy;
using Reactivation.Infra.Telemetry;

namespace Reactivation.Infra.Orchestration;

/// <summary>
/// The one activity of a journey decision, run only once the orchestration has committed the decision: it records the
/// decision's projections (measurement facts, audit entries, why-not-sent entries, the readable history), releases the
/// user when the instance ended, and then makes the decision's send, if any, between its send record's intent and answer.
/// </summary>
/// <remarks>
/// It may run twice for one decision (a worker dies after the work, before the checkpoint), so every write is keyed by
/// the instance and the decision's sequence (insert-only or replace-with-the-same), and the send goes under its send
/// key, which the provider takes as the same message.
/// </remarks>
public sealed class JourneyStepActivity(
    JourneyStore store, JourneyLibrary library, JourneyMessenger messenger, IHostApplicationLifetime lifetime, TimeProvider clock,
    MeasurementRecorder? measurement = null, NotSentLedger? notSent = null, AuditTrail? audit = null)
    : TaskActivity<JourneyStepInput, SendResult?>
{
    /// <inheritdoc />
    /// <remarks>The Durable Task SDK gives activities no token: they stop with the host.</remarks>
    public override Task<SendResult?> RunAsync(TaskActivityContext context, JourneyStepInput input) => RunAsync(input, lifetime.ApplicationStopping);

    /// <summary>Does the step: what both hosts call (the worker's <c>[ActivityTrigger]</c> passes its invocation's token).</summary>
    public async Task<SendResult?> RunAsync(JourneyStepInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var span = ReactivationTelemetry.StartContinuing("journey step", ActivityKind.Internal, input.TraceParent);
        span?.SetTag("reactivation.journey.id", input.After.JourneyId).SetTag("reactivation.journey.version", input.After.Version)
            .SetTag("reactivation.instance.id", input.After.InstanceId).SetTag("reactivation.user.id", input.After.UserId)
            .SetTag("reactivation.step", input.Before.Step).SetTag("reactivation.events", string.Join(' ', input.Events.Select(e => e.GetType().Name)));
        CountNotSent(input.Events);
        var decision = new JourneyDecision(input.After, [], input.Events);
        if (measurement is not null)
        {
            var definition = await library.GetAsync(input.Before.JourneyId, input.Before.Version, cancellationToken).ConfigureAwait(false);
            await measurement.DecidedAsync(definition, input.Before, decision, cancellationToken).ConfigureAwait(false);
        }

        await (notSent?.RecordAsync(input.Before, decision, cancellationToken) ?? Task.CompletedTask).ConfigureAwait(false);
        await (audit?.RecordAsync(input.Before, decision, cancellationToken) ?? Task.CompletedTask).ConfigureAwait(false);
        await store.RecordDecisionAsync(input.After, decision.History, cancellationToken).ConfigureAwait(false);
        if (input.After.IsTerminal)
        {
            await store.ReleaseMemberAsync(input.After, cancellationToken).ConfigureAwait(false);
        }

        if (input.Send is not { } send)
        {
            return null;
        }

        // The send record is what delivery reports, clicks and failure streaks find the send by.
        var firstAttemptAt = await store.RecordSendIntentAsync(input.After.InstanceId, send, input.After.FirstAttemptAt ?? clock.GetUtcNow(), cancellationToken)
            .ConfigureAwait(false);
        span?.SetTag("reactivation.send.key", send.SendKey).SetTag("reactivation.send.channel", send.Channel.ToString());
        var result = await messenger.SendAsync(input.After with { FirstAttemptAt = firstAttemptAt }, send, cancellationToken).ConfigureAwait(false);
        span?.SetTag("reactivation.send.outcome", result.Status.ToString());
        if (result.Status is SendStatus.TransientFailure or SendStatus.PermanentFailure)
        {
            span?.SetStatus(ActivityStatusCode.Error, result.Reason?.ToString());
        }

        ReactivationTelemetry.Sends.Add(1, new KeyValuePair<string, object?>("channel", send.Channel.ToString()), new KeyValuePair<string, object?>("outcome", result.Status.ToString()));
        await store.RecordSendOutcomeAsync(input.After.InstanceId, send.SendKey, result, clock.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        return result;
    }

    // A step re-run after a crash counts again: counters are for rates and alerts, the measurement facts are the ledger.
    private static void CountNotSent(IReadOnlyList<JourneyEvent> events)
    {
        foreach (var notSent in events.OfType<INotSent>())
        {
            ReactivationTelemetry.Skips.Add(1, new KeyValuePair<string, object?>("reason", notSent.Reason.ToString()), new KeyValuePair<string, object?>("kind", notSent.GetType().Name));
        }
    }
}
