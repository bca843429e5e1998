using System.Globalization;
using System.Text;

namespace Reactivation.Core.Journeys;

/// <summary>Durations as journey authors write them: <c>7d</c>, <c>48h</c>, <c>1d12h</c>, <c>30m</c>, <c>90s</c>.</summary>
public static class DurationText
{
    /// <summary>The longest duration accepted (about 274 years): far beyond any journey, far inside <see cref="TimeSpan"/>.</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(100_000);

    /// <summary>Parses <paramref name="text"/>; returns false with a reason when it is not a duration.</summary>
    public static bool TryParse(string? text, out TimeSpan duration, out string? problem)
    {
        duration = TimeSpan.Zero;
        problem = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            problem = "is empty; write a duration such as 7d, 48h or 30m";
            return false;
        }

        var total = TimeSpan.Zero;
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }

            if (i == start || i == text.Length || !long.TryParse(text.AsSpan(start, i - start), NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
            {
                problem = $"'{text}' is not a duration; write a number and a unit (d, h, m or s), for example 7d or 1d12h";
                return false;
            }

            var unit = text[i++] switch
            {
                'd' => TimeSpan.FromDays(1),
                'h' => TimeSpan.FromHours(1),
                'm' => TimeSpan.FromMinutes(1),
                's' => TimeSpan.FromSeconds(1),
                _ => TimeSpan.Zero,
            };
            if (unit == TimeSpan.Zero || amount > 100_000)
            {
                problem = $"'{text}' is not a duration; units are d, h, m and s, amounts at most 100000";
                return false;
            }

            total += unit * amount;
            if (total > MaxDuration)
            {
                problem = $"'{text}' is longer than {MaxDuration.TotalDays:N0} days";
                return false;
            }
        }

        duration = total;
        return true;
    }

    /// <summary>Writes <paramref name="duration"/> back in the same notation.</summary>
    public static string Format(TimeSpan duration)
    {
        if (duration == TimeSpan.Zero)
        {
            return "0s";
        }

        var text = new StringBuilder();
        Append(text, duration.Days, 'd');
        Append(text, duration.Hours, 'h');
        Append(text, duration.Minutes, 'm');
        Append(text, duration.Seconds, 's');
        return text.ToString();
    }

    private static void Append(StringBuilder text, int amount, char unit)
    {
        if (amount > 0)
        {
            text.Append(amount.ToString(CultureInfo.InvariantCulture)).Append(unit);
        }
    }
}
