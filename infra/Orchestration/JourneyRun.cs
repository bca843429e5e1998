using Reactivation.Core.Journeys;

namespace Reactivation.Infra.Orchestration;

/// <summary>
/// The input of one generation of a journey orchestration: the definition version the instance runs, its state, and the
/// events it has received and not yet taken. A <c>ContinueAsNew</c> starts the next generation from where this one stopped.
/// </summary>
/// <param name="DefinitionJson">The definition version, as published (the instance runs it for its whole life).</param>
/// <param name="State">The instance's state (its context was captured at enrollment).</param>
/// <param name="Inbox">Events received and not taken yet (buffered until a step takes them).</param>
/// <param name="Settings">The decider's settings, captured at enrollment so replays decide alike.</param>
/// <param name="Generation">How many times the orchestration has continued as new.</param>
/// <param name="Tick">The highest simulated clock tick taken so far (see <see cref="JourneyClock"/>).</param>
/// <param name="Revision">
/// The orchestrator code path the instance takes (see <see cref="JourneyRevisions"/>); absent from inputs written before
/// revisions existed, so those read as <see cref="JourneyRevisions.First"/> and keep replaying the path they started on.
/// </param>
/// <param name="TraceParent">
/// The W3C <c>traceparent</c> of the span that started the instance (enrollment, an operator's request), which every step
/// activity continues; null when nothing traced the start. Data, not a code path: it changes no decision.
/// </param>
public sealed record JourneyRun(
    string DefinitionJson, JourneyState State, IReadOnlyList<InboundEvent> Inbox, JourneyRunSettings Settings, int Generation = 0, long Tick = 0, int Revision = JourneyRevisions.First,
    string? TraceParent = null)
{
    /// <summary>The input of a new instance: no events yet, on the current orchestrator revision, in the trace running now.</summary>
    /// <param name="definitionJson">The definition version, as published.</param>
    /// <param name="state">The instance's state at enrollment.</param>
    /// <param name="settings">The decider's settings.</param>
    public static JourneyRun Start(string definitionJson, JourneyState state, JourneyRunSettings settings) =>
        new(definitionJson, state, [], settings, Revision: JourneyRevisions.Current, TraceParent: System.Diagnostics.Activity.Current?.Id);
}

/// <summary>The decider's settings as an orchestration input carries them.</summary>
/// <param name="SendTimeout">How long after a send starts it is reconciled (the decider's bookkeeping; the activity's answer comes first).</param>
/// <param name="DefaultTimeZone">The zone for windows when the user's is unknown (an IANA id).</param>
/// <param name="SimulatedClock">True when journey time comes from the app's clock through an activity (the time-lapse demo), not the orchestration's.</param>
/// <param name="DecisionsPerGeneration">Decisions one generation makes before it continues as new, so a long journey's replay stays short.</param>
public sealed record JourneyRunSettings(TimeSpan SendTimeout, string DefaultTimeZone, bool SimulatedClock = false, int DecisionsPerGeneration = JourneyRunSettings.DefaultDecisionsPerGeneration)
{
    /// <summary>64 decisions: a few hundred history events, cheap to replay, and rare enough to cost nothing.</summary>
    public const int DefaultDecisionsPerGeneration = 64;

    /// <summary>The decider's options.</summary>
    public StepperOptions Stepper => new(SendTimeout, TimeZoneInfo.TryFindSystemTimeZoneById(DefaultTimeZone, out var zone) ? zone : TimeZoneInfo.Utc);
}
