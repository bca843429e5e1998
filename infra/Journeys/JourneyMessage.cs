namespace Reactivation.Infra.Journeys;

/// <summary>A message on the <c>journey-work</c> queue: wake instance <see cref="Id"/>.</summary>
/// <remarks>
/// <see cref="Sequence"/> is the instance's sequence when a timer was scheduled; once the instance has moved past it the
/// timer is stale and dropped. Events and repairs carry no sequence and always make the instance look at its clock and inbox.
/// </remarks>
public sealed record JourneyMessage
{
    /// <summary>The instance.</summary>
    public required string Id { get; init; }

    /// <summary>Why it is woken.</summary>
    public required JourneyMessageKind Kind { get; init; }

    /// <summary>The sequence a timer belongs to.</summary>
    public int? Sequence { get; init; }

    /// <summary>When a timer is due (a message that arrives early is put back until then: long timers chain).</summary>
    public DateTimeOffset? DueAt { get; init; }
}

/// <summary>Why an instance is woken.</summary>
public enum JourneyMessageKind
{
    /// <summary>Start a new instance.</summary>
    Start,

    /// <summary>A durable timer.</summary>
    Timer,

    /// <summary>An event was stored for it.</summary>
    Event,

    /// <summary>The repair pass found it overdue.</summary>
    Repair,
}
