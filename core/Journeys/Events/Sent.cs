namespace Reactivation.Core.Journeys.Events;

/// <summary>The channel sent the message.</summary>
/// <param name="At">When.</param>
/// <param name="StepId">The send step.</param>
/// <param name="SendKey">The send's key.</param>
/// <param name="ProviderId">The provider's message id, when it gave one.</param>
/// <param name="KeptOffer">The offer the message carried, kept for reminders before it expires.</param>
public sealed record Sent(DateTimeOffset At, string StepId, string SendKey, string? ProviderId, IssuedOfferRef? KeptOffer) : JourneyEvent(At)
{
    /// <inheritdoc />
    [System.Text.Json.Serialization.JsonIgnore]
    public override string Step => StepId;
}
