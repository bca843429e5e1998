using System.Globalization;

namespace Reactivation.Core.Measurement.Alerts;

/// <summary>The UTC days an alert speaks of, both ends included.</summary>
/// <param name="From">The first day.</param>
/// <param name="To">The last day (not before <paramref name="From"/>).</param>
public readonly record struct AlertPeriod(DateOnly From, DateOnly To)
{
    /// <summary>The <paramref name="days"/> whole days that end the day before <paramref name="day"/>.</summary>
    public static AlertPeriod DaysBefore(DateOnly day, int days) => new(day.AddDays(-days), day.AddDays(-1));

    /// <summary>The period as <c>yyyy-MM-dd..yyyy-MM-dd</c>, the form alert ids and messages use.</summary>
    public override string ToString() =>
        $"{From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}..{To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";
}
