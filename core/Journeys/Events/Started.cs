namespace Reactivation.Core.Journeys.Events;

/// <summary>The instance began its first step.</summary>
/// <param name="At">When.</param>
/// <param name="HeldOut">Whether it is held out (nothing will be sent).</param>
public sealed record Started(DateTimeOffset At, bool HeldOut) : JourneyEvent(At)
{
    /// <inheritdoc />
    [System.Text.Json.Serialization.JsonIgnore]
    public override string? Step => null;
}
