namespace Reactivation.Core.Journeys.Events;

/// <summary>None of a waitFor step's events came before its timeout.</summary>
/// <param name="At">When (the timeout's due instant).</param>
/// <param name="StepId">The waitFor step.</param>
/// <param name="Events">The events it waited for.</param>
/// <param name="Timeout">How long it waited.</param>
public sealed record TimedOut(DateTimeOffset At, string StepId, IReadOnlyList<string> Events, TimeSpan Timeout) : JourneyEvent(At)
{
    /// <inheritdoc />
    [System.Text.Json.Serialization.JsonIgnore]
    public override string Step => StepId;
}
