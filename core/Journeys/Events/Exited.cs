namespace Reactivation.Core.Journeys.Events;

/// <summary>The instance ended with <paramref name="Outcome"/>.</summary>
/// <param name="At">When the cause happened on the journey's clock (a return is dated when the user came back).</param>
/// <param name="StepId">The step it was at.</param>
/// <param name="Outcome">How it ended.</param>
/// <param name="Reason">Why, in words.</param>
/// <param name="EndedAt">When the decision that ended it was made.</param>
public sealed record Exited(DateTimeOffset At, string? StepId, JourneyOutcome Outcome, string Reason, DateTimeOffset EndedAt) : JourneyEvent(At)
{
    /// <inheritdoc />
    [System.Text.Json.Serialization.JsonIgnore]
    public override string? Step => StepId;
}
