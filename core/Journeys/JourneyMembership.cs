namespace Reactivation.Core.Journeys;

/// <summary>A user's standing with journeys: the one active instance (at most), how many they had, when the last ended.</summary>
/// <param name="UserId">The user.</param>
/// <param name="ActiveInstanceId">The instance running for them, or null.</param>
/// <param name="Runs">Journeys started for them so far (the next run number is one more).</param>
/// <param name="LastEndedAt">When their last journey ended.</param>
/// <param name="LastHandoffDate">The sweep date of the last hand-off processed; older or repeated hand-offs are ignored.</param>
public sealed record JourneyMembership(string UserId, string? ActiveInstanceId, int Runs, DateTimeOffset? LastEndedAt, DateOnly? LastHandoffDate)
{
    /// <summary>The user's latest instance, running or ended: the one their returns are measured for.</summary>
    public string? LastInstanceId { get; init; }

    /// <summary>What measurement has counted for <see cref="LastInstanceId"/> so far.</summary>
    public Measurement.MeasurementMarks Marks { get; init; } = Measurement.MeasurementMarks.None;

    /// <summary>A user no journey has seen.</summary>
    public static JourneyMembership New(string userId) => new(userId, null, 0, null, null);
}
