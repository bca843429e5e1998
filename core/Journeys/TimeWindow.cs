namespace Reactivation.Core.Journeys;

/// <summary>A daily window of local time, for example 09:00 to 21:00; <c>From</c> after <c>To</c> spans midnight.</summary>
/// <param name="From">Local time the window opens.</param>
/// <param name="To">Local time the window closes (exclusive).</param>
public sealed record TimeWindow(TimeOnly From, TimeOnly To)
{
    /// <summary>True when <paramref name="local"/> is inside the window.</summary>
    public bool Contains(TimeOnly local) =>
        From <= To ? local >= From && local < To : local >= From || local < To;

    /// <summary>The first instant at or after <paramref name="instant"/> that is inside the window, in <paramref name="zone"/>.</summary>
    /// <remarks>When the opening time falls in a daylight-saving gap, the first valid local time after it is used.</remarks>
    public DateTimeOffset NextOpening(DateTimeOffset instant, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(instant, zone);
        if (Contains(TimeOnly.FromDateTime(local.DateTime)))
        {
            return instant;
        }

        var day = DateOnly.FromDateTime(local.DateTime);
        var opening = day.ToDateTime(From);
        if (opening <= local.DateTime)
        {
            opening = opening.AddDays(1);
        }

        while (zone.IsInvalidTime(opening))
        {
            opening = opening.AddMinutes(1);
        }

        // In the hour that repeats when clocks go back, the window opens at the first occurrence of its local time
        // (the larger offset), unless that instant is already behind us.
        if (zone.IsAmbiguousTime(opening))
        {
            var first = new DateTimeOffset(opening, zone.GetAmbiguousTimeOffsets(opening).Max()).ToUniversalTime();
            if (first >= instant)
            {
                return first;
            }
        }

        return new DateTimeOffset(opening, zone.GetUtcOffset(opening)).ToUniversalTime();
    }
}
