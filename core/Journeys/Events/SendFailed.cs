namespace Reactivation.Core.Journeys.Events;

/// <summary>A send failed for good (a permanent failure, or retries exhausted); the step's failure path follows, if any.</summary>
/// <param name="At">When.</param>
/// <param name="StepId">The send step.</param>
/// <param name="Reason">Why, as a code.</param>
/// <param name="Detail">Why, in words.</param>
public sealed record SendFailed(DateTimeOffset At, string StepId, NotSentReason Reason, string Detail) : JourneyEvent(At), INotSent
{
    /// <inheritdoc />
    [System.Text.Json.Serialization.JsonIgnore]
    public override string Step => StepId;
}
