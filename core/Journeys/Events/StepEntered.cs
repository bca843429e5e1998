namespace Reactivation.Core.Journeys.Events;

/// <summary>The instance entered a step, for the <paramref name="Visit"/>th time (a send key includes the visit).</summary>
/// <param name="At">When.</param>
/// <param name="StepId">The step.</param>
/// <param name="Visit">1 for the first entry.</param>
public sealed record StepEntered(DateTimeOffset At, string StepId, int Visit) : JourneyEvent(At)
{
    /// <inheritdoc />
    [System.Text.Json.Serialization.JsonIgnore]
    public override string? Step => StepId;
}
