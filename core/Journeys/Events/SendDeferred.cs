namespace Reactivation.Core.Journeys.Events;

/// <summary>The contact policy said not yet: the same attempt goes again at <paramref name="RetryAt"/>. Not a failed attempt.</summary>
/// <param name="At">When.</param>
/// <param name="StepId">The send step.</param>
/// <param name="Reason">Why, as a code (quiet hours, a frequency cap).</param>
/// <param name="Detail">Why, in words.</param>
/// <param name="RetryAt">When the send is tried again.</param>
public sealed record SendDeferred(DateTimeOffset At, string StepId, NotSentReason Reason, string Detail, DateTimeOffset RetryAt) : JourneyEvent(At), INotSent
{
    /// <inheritdoc />
    [System.Text.Json.Serialization.JsonIgnore]
    public override string Step => StepId;
}
