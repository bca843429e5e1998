namespace Reactivation.Core.Journeys.Events;

/// <summary>A branch step chose its path: case <paramref name="Case"/>, or otherwise when null.</summary>
/// <param name="At">When.</param>
/// <param name="StepId">The branch step.</param>
/// <param name="Case">The index of the case taken, or null for the otherwise path.</param>
/// <param name="Next">The step it leads to.</param>
public sealed record Branched(DateTimeOffset At, string StepId, int? Case, string Next) : JourneyEvent(At)
{
    /// <inheritdoc />
    [System.Text.Json.Serialization.JsonIgnore]
    public override string Step => StepId;
}
