namespace Reactivation.Core.Journeys.Events;

/// <summary>The instance began waiting: for a timer (<paramref name="Events"/> empty) or for events raced against a timeout.</summary>
/// <param name="At">When.</param>
/// <param name="StepId">The wait or waitFor step.</param>
/// <param name="Until">When the timer fires or the wait times out.</param>
/// <param name="Events">The events a waitFor step takes; empty for a timer.</param>
/// <param name="OfferStep">For a reminder before an offer's expiry, the step that issued the offer.</param>
/// <param name="OfferExpiresAt">For such a reminder, when the offer expires.</param>
public sealed record WaitStarted(
    DateTimeOffset At, string StepId, DateTimeOffset Until, IReadOnlyList<string> Events, string? OfferStep = null, DateTimeOffset? OfferExpiresAt = null)
    : JourneyEvent(At)
{
    /// <inheritdoc />
    [System.Text.Json.Serialization.JsonIgnore]
    public override string Step => StepId;

    /// <summary>True for a waitFor step: events can end the wait before its timer.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool ForEvents => Events.Count > 0;
}
