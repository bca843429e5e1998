namespace Reactivation.Core.Journeys.Events;

/// <summary>A split step assigned the instance a variant (by a stable hash of the user, so always the same one).</summary>
/// <param name="At">When.</param>
/// <param name="StepId">The split step.</param>
/// <param name="Variant">The variant.</param>
/// <param name="Next">The step it leads to.</param>
public sealed record VariantAssigned(DateTimeOffset At, string StepId, string Variant, string Next) : JourneyEvent(At)
{
    /// <inheritdoc />
    [System.Text.Json.Serialization.JsonIgnore]
    public override string Step => StepId;
}
