namespace Reactivation.Core.Journeys.Events;

/// <summary>An attempt failed and may succeed later: attempt <paramref name="FailedAttempt"/> + 1 goes at <paramref name="RetryAt"/>.</summary>
/// <param name="At">When.</param>
/// <param name="StepId">The send step.</param>
/// <param name="FailedAttempt">The attempt that failed.</param>
/// <param name="Detail">How it failed.</param>
/// <param name="RetryAt">When the next attempt goes.</param>
public sealed record RetryScheduled(DateTimeOffset At, string StepId, int FailedAttempt, string Detail, DateTimeOffset RetryAt) : JourneyEvent(At)
{
    /// <inheritdoc />
    [System.Text.Json.Serialization.JsonIgnore]
    public override string Step => StepId;
}
