namespace Reactivation.Core.Measurement.Alerts;

/// <summary>One journey's activation in one week: users reached and, of them, users who returned.</summary>
/// <param name="JourneyId">The journey.</param>
/// <param name="WeekStart">The Monday the week starts on (UTC).</param>
/// <param name="Reached">Users sent at least one message.</param>
/// <param name="Returned">Of them, users who returned (the activation rate's numerator).</param>
/// <remarks>Rows for the same journey and week are added together, so roll-ups split by arm or segment can be passed as they are.</remarks>
public sealed record WeeklyActivation(string JourneyId, DateOnly WeekStart, long Reached, long Returned);
