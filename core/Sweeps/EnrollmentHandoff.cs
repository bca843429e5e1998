using Reactivation.Core.Silence;

namespace Reactivation.Core.Sweeps;

/// <summary>The message the sweep puts on the <c>enrollments</c> queue for the journey stage.</summary>
/// <remarks>
/// A queue contract, versioned by <see cref="Schema"/>; add fields, never rename. Delivery is at least once:
/// <see cref="HandoffId"/> (<c>{sweepDate:yyyyMMdd}:{userId}</c>) is deterministic, so a consumer dedupes on it.
/// </remarks>
public sealed record EnrollmentHandoff
{
    /// <summary>The contract version.</summary>
    public int Schema { get; init; } = 1;

    /// <summary>Deterministic id for deduplication.</summary>
    public required string HandoffId { get; init; }

    /// <summary>The sweep day (UTC).</summary>
    public required DateOnly SweepDate { get; init; }

    /// <summary>The instant the sweep classified for.</summary>
    public required DateTimeOffset AsOf { get; init; }

    /// <summary>The user.</summary>
    public required string UserId { get; init; }

    /// <summary>Why the user is handed off.</summary>
    public required HandoffReason Reason { get; init; }

    /// <summary>The band now.</summary>
    public required DormancyBand Band { get; init; }

    /// <summary>The band at the last sweep.</summary>
    public required DormancyBand PreviousBand { get; init; }

    /// <summary>The RFM tier now.</summary>
    public required ValueTier Tier { get; init; }

    /// <summary>The silence cause (None for early warnings).</summary>
    public required SilenceCause Cause { get; init; }

    /// <summary>Whether the user is drifting (for early-warning hand-offs).</summary>
    public required bool EarlyWarning { get; init; }

    /// <summary>Whole days since the counted activity.</summary>
    public required int DaysSilent { get; init; }

    /// <summary>
    /// The W3C <c>traceparent</c> of the span that published the hand-off, so enrollment, the journey's steps and its
    /// provider calls join the hand-off's trace; absent when nothing traces (and from hand-offs written before it).
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? TraceParent { get; init; }

    /// <summary>Builds the hand-off for <paramref name="result"/>.</summary>
    public static EnrollmentHandoff For(DateOnly sweepDate, DateTimeOffset asOf, SweepResult result, HandoffReason reason, PreviousStanding? previous) => new()
    {
        HandoffId = IdFor(sweepDate, result.UserId),
        SweepDate = sweepDate,
        AsOf = asOf,
        UserId = result.UserId,
        Reason = reason,
        Band = result.Band,
        PreviousBand = (previous ?? PreviousStanding.Unknown).Band,
        Tier = result.Tier,
        Cause = result.Cause,
        EarlyWarning = result.EarlyWarning,
        DaysSilent = result.DaysSilent,
    };

    /// <summary>The deterministic hand-off id.</summary>
    public static string IdFor(DateOnly sweepDate, string userId) => $"{sweepDate:yyyyMMdd}:{userId}";
}
