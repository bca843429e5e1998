namespace Reactivation.Core.Journeys.Events;

/// <summary>A send was skipped, by the journey (unreachable, opted out) or by the channel (consent, no provider); the journey goes on.</summary>
/// <param name="At">When.</param>
/// <param name="StepId">The send step.</param>
/// <param name="Reason">Why, as a code.</param>
/// <param name="Detail">Why, in words.</param>
public sealed record SendSkipped(DateTimeOffset At, string StepId, NotSentReason Reason, string Detail) : JourneyEvent(At), INotSent
{
    /// <inheritdoc />
    [System.Text.Json.Serialization.JsonIgnore]
    public override string Step => StepId;
}
