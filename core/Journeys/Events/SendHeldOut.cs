namespace Reactivation.Core.Journeys.Events;

/// <summary>A held-out instance reached a send: it would have sent <paramref name="Template"/>, and sends nothing.</summary>
/// <param name="At">When.</param>
/// <param name="StepId">The send step.</param>
/// <param name="Template">The template it would have sent.</param>
/// <param name="Channel">The channel it would have used.</param>
public sealed record SendHeldOut(DateTimeOffset At, string StepId, string Template, Channel Channel) : JourneyEvent(At), INotSent
{
    /// <inheritdoc />
    [System.Text.Json.Serialization.JsonIgnore]
    public override string Step => StepId;

    /// <inheritdoc />
    [System.Text.Json.Serialization.JsonIgnore]
    public NotSentReason Reason => NotSentReason.HeldOut;

    /// <inheritdoc />
    [System.Text.Json.Serialization.JsonIgnore]
    public string Detail => $"would have sent {Template} by {Channel.ToString().ToLowerInvariant()}";
}
