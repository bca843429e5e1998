namespace Reactivation.Infra.Policy;

/// <summary>One message that did not go out, and why: a row of the why-not-sent ledger.</summary>
/// <param name="At">When it was decided.</param>
/// <param name="InstanceId">The journey instance.</param>
/// <param name="JourneyId">The journey.</param>
/// <param name="Step">The send step.</param>
/// <param name="Kind">What happened: <c>skipped</c>, <c>heldOut</c>, <c>deferred</c>, <c>suppressed</c> or <c>sendFailed</c>.</param>
/// <param name="Reason">Why, as the journey's history says it.</param>
public sealed record NotSentEntry(DateTimeOffset At, string InstanceId, string JourneyId, string? Step, string Kind, string? Reason)
{
    /// <summary>The reason as a code (<c>quietHours</c>, <c>optedOut</c>...); null on rows written before codes were kept.</summary>
    public string? Code { get; init; }
}
