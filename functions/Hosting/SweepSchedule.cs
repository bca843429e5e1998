using Cronos;

namespace Reactivation.Functions.Hosting;

/// <summary>NCRONTAB helpers shared by the local scheduler and the timer functions.</summary>
public static class SweepSchedule
{
    /// <summary>Parses a six-field NCRONTAB expression (seconds first), as function.json uses.</summary>
    /// <exception cref="CronFormatException">The expression is not valid.</exception>
    public static CronExpression Parse(string schedule) => CronExpression.Parse(schedule, CronFormat.IncludeSeconds);

    /// <summary>The latest occurrence at or before <paramref name="now"/>, or <paramref name="now"/> when there is none in the past week.</summary>
    /// <remarks>A firing is identified with its scheduled occurrence, so a late or retried firing decides for the same instant.</remarks>
    public static DateTimeOffset LatestOccurrence(string schedule, DateTimeOffset now)
    {
        var cron = Parse(schedule);
        var latest = cron.GetOccurrences(now.UtcDateTime.AddDays(-7), now.UtcDateTime, TimeZoneInfo.Utc, fromInclusive: true, toInclusive: true)
            .Select(d => (DateTime?)d)
            .LastOrDefault();
        return latest is { } l ? new DateTimeOffset(l, TimeSpan.Zero) : now;
    }
}
