namespace Reactivation.Core.Journeys.Events;

/// <summary>An event that happened before the journey started was taken and ignored.</summary>
/// <param name="At">When it was taken.</param>
/// <param name="StepId">The step the instance was at.</param>
/// <param name="EventId">The raiser's id.</param>
/// <param name="Name">The event name.</param>
public sealed record EventIgnored(DateTimeOffset At, string? StepId, string EventId, string Name) : JourneyEvent(At)
{
    /// <inheritdoc />
    [System.Text.Json.Serialization.JsonIgnore]
    public override string? Step => StepId;
}
