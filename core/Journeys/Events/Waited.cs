namespace Reactivation.Core.Journeys.Events;

/// <summary>A wait step moved on, for <paramref name="End"/>.</summary>
/// <param name="At">When.</param>
/// <param name="StepId">The wait step.</param>
/// <param name="End">Why.</param>
/// <param name="OfferStep">For a reminder, the step whose offer it is about.</param>
/// <param name="OfferExpiresAt">For a reminder, when that offer expires (or expired).</param>
public sealed record Waited(DateTimeOffset At, string StepId, WaitEnd End, string? OfferStep = null, DateTimeOffset? OfferExpiresAt = null) : JourneyEvent(At)
{
    /// <inheritdoc />
    [System.Text.Json.Serialization.JsonIgnore]
    public override string Step => StepId;
}
