namespace Reactivation.Core.Journeys.Events;

/// <summary>The journey decided to send: the shell calls the channel with <paramref name="SendKey"/> and answers with the result.</summary>
/// <param name="At">When.</param>
/// <param name="StepId">The send step.</param>
/// <param name="SendKey">The deterministic key (instance, step, visit): the provider's idempotency key; retries reuse it.</param>
/// <param name="Attempt">1 for the first attempt.</param>
/// <param name="Template">The template.</param>
/// <param name="Channel">The channel.</param>
/// <param name="AnswerBy">When an unanswered send is reconciled (sent again under the same key).</param>
/// <param name="Note">Why this attempt goes (a retry, a reconciliation), if not the first.</param>
public sealed record SendDecided(DateTimeOffset At, string StepId, string SendKey, int Attempt, string Template, Channel Channel, DateTimeOffset AnswerBy, string? Note = null)
    : JourneyEvent(At)
{
    /// <inheritdoc />
    [System.Text.Json.Serialization.JsonIgnore]
    public override string Step => StepId;
}
