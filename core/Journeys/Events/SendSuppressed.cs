namespace Reactivation.Core.Journeys.Events;

/// <summary>The contact policy stopped the message and, with it, the journey (fatigue, a complaint).</summary>
/// <param name="At">When.</param>
/// <param name="StepId">The send step.</param>
/// <param name="Reason">Why, as a code.</param>
/// <param name="Detail">Why, in words.</param>
public sealed record SendSuppressed(DateTimeOffset At, string StepId, NotSentReason Reason, string Detail) : JourneyEvent(At), INotSent
{
    /// <inheritdoc />
    [System.Text.Json.Serialization.JsonIgnore]
    public override string Step => StepId;
}
