namespace Reactivation.Core.Journeys.Events;

/// <summary>The instance took an event from outside (a click, a return, an opt-out...).</summary>
/// <param name="At">When it acts, on the journey's clock.</param>
/// <param name="StepId">The step the instance was at.</param>
/// <param name="EventId">The raiser's id (a repeat with the same id is ignored).</param>
/// <param name="Name">The event name.</param>
/// <param name="Channel">The channel it concerns, if any.</param>
/// <param name="Awaited">True when the step was waiting for it: the wait ends and its path follows.</param>
public sealed record EventReceived(DateTimeOffset At, string? StepId, string EventId, string Name, Channel? Channel, bool Awaited) : JourneyEvent(At)
{
    /// <inheritdoc />
    [System.Text.Json.Serialization.JsonIgnore]
    public override string? Step => StepId;
}
