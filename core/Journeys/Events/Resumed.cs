namespace Reactivation.Core.Journeys.Events;

/// <summary>An operator resumed the instance; it catches up on whatever fell due meanwhile.</summary>
/// <param name="At">When.</param>
/// <param name="StepId">The step it was at.</param>
/// <param name="Reason">The operator's reason.</param>
public sealed record Resumed(DateTimeOffset At, string? StepId, string? Reason) : JourneyEvent(At)
{
    /// <inheritdoc />
    [System.Text.Json.Serialization.JsonIgnore]
    public override string? Step => StepId;
}
