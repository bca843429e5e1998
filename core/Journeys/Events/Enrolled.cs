namespace Reactivation.Core.Journeys.Events;

/// <summary>The instance was created for its user.</summary>
/// <param name="At">When.</param>
/// <param name="JourneyKey">The journey and version, <c>id@v</c>.</param>
/// <param name="Why">What enrolled the user (a hand-off and the rule that took it, or an operator).</param>
/// <param name="HeldOut">In the global holdout.</param>
/// <param name="Control">In the journey's own control share.</param>
public sealed record Enrolled(DateTimeOffset At, string JourneyKey, string Why, bool HeldOut, bool Control) : JourneyEvent(At)
{
    /// <inheritdoc />
    [System.Text.Json.Serialization.JsonIgnore]
    public override string? Step => null;
}
