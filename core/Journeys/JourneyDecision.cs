using Reactivation.Core.Journeys.Events;

namespace Reactivation.Core.Journeys;

/// <summary>The result of one decision: the state to commit, what to do after the commit, and the events it adds.</summary>
/// <param name="State">The new state (the old one when nothing changed).</param>
/// <param name="Commands">What the shell runs after committing.</param>
/// <param name="Events">The typed events the decision adds, in order.</param>
public sealed record JourneyDecision(JourneyState State, IReadOnlyList<JourneyCommand> Commands, IReadOnlyList<JourneyEvent> Events)
{
    /// <summary>False when the trigger changed nothing (a stale or early message): nothing to commit.</summary>
    public bool Changed => Events.Count > 0;

    /// <summary>The events as the readable lines the status API and the simulator show.</summary>
    public IReadOnlyList<HistoryEntry> History => JourneyTimeline.Lines(Events);
}
