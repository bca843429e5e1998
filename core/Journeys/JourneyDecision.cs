namespace Reactivation.Core.Journeys;

/// <summary>The result of one decision: the state to commit, what to do after the commit, and the history it adds.</summary>
/// <param name="State">The new state (the old one when nothing changed).</param>
/// <param name="Commands">What the shell runs after committing.</param>
/// <param name="History">The history rows the commit adds.</param>
public sealed record JourneyDecision(JourneyState State, IReadOnlyList<JourneyCommand> Commands, IReadOnlyList<HistoryEntry> History)
{
    /// <summary>False when the trigger changed nothing (a stale or early message): nothing to commit.</summary>
    public bool Changed => History.Count > 0;
}
