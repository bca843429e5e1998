namespace Reactivation.Core.Measurement;

/// <summary>
/// One thing that happened, counted once: an enrollment, a send, a skip, a delivery, a click, a return, a purchase.
/// Facts are stored insert-only under <see cref="Id"/>, so a redelivered event or a re-decided step counts nothing twice;
/// a roll-up is the sum of a day's facts.
/// </summary>
/// <param name="JourneyId">The journey.</param>
/// <param name="Day">The UTC day it counts on.</param>
/// <param name="Id">Its natural id: kind and the id of what it counts (send key, instance, activity event).</param>
/// <param name="Dimensions">What it is about.</param>
/// <param name="Counters">What it adds.</param>
public sealed record MetricFact(string JourneyId, DateOnly Day, string Id, MetricDimensions Dimensions, MetricCounters Counters)
{
    /// <summary>The UTC day of <paramref name="at"/>.</summary>
    public static DateOnly DayOf(DateTimeOffset at) => DateOnly.FromDateTime(at.UtcDateTime);
}
