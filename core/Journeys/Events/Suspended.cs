namespace Reactivation.Core.Journeys.Events;

/// <summary>An operator paused the instance.</summary>
/// <param name="At">When.</param>
/// <param name="StepId">The step it was at.</param>
/// <param name="Reason">The operator's reason.</param>
public sealed record Suspended(DateTimeOffset At, string? StepId, string? Reason) : JourneyEvent(At)
{
    /// <inheritdoc />
    [System.Text.Json.Serialization.JsonIgnore]
    public override string? Step => StepId;
}
