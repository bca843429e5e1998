using System.Numerics;

namespace Reactivation.Core.Profiles;

/// <summary>Which of the last 128 days something happened on, relative to the latest day seen.</summary>
/// <remarks>
/// Setting a bit is idempotent and order-independent, so replaying or reordering events cannot inflate a count: this is
/// what lets ingestion be retried after a crash without a cross-table transaction. Days are UTC day numbers.
/// </remarks>
/// <param name="AnchorDay">The latest day set (days since 0001-01-01), or 0 when empty.</param>
/// <param name="Bits">Bit <c>n</c> is set when something happened on <c>AnchorDay - n</c>.</param>
public readonly record struct DayBitmap(int AnchorDay, UInt128 Bits)
{
    /// <summary>How many days back the bitmap remembers.</summary>
    public const int Capacity = 128;

    /// <summary>An empty bitmap.</summary>
    public static DayBitmap Empty => default;

    /// <summary>The UTC day number of an instant.</summary>
    public static int DayOf(DateTimeOffset instant) => instant.UtcDateTime.Date.Subtract(DateTime.MinValue).Days;

    /// <summary>Returns a bitmap with <paramref name="day"/> marked; days older than the window are ignored.</summary>
    public DayBitmap With(int day)
    {
        if (Bits == UInt128.Zero)
        {
            return new DayBitmap(day, UInt128.One);
        }

        if (day > AnchorDay)
        {
            var shift = day - AnchorDay;
            var shifted = shift >= Capacity ? UInt128.Zero : Bits << shift;
            return new DayBitmap(day, shifted | UInt128.One);
        }

        var age = AnchorDay - day;
        return age >= Capacity ? this : this with { Bits = Bits | (UInt128.One << age) };
    }

    /// <summary>Counts marked days in the <paramref name="length"/> days ending <paramref name="daysBeforeAsOf"/> days before <paramref name="asOfDay"/>.</summary>
    /// <example><c>CountDays(asOf, 0, 30)</c> counts the last 30 days including asOf; <c>CountDays(asOf, 30, 30)</c> the 30 before.</example>
    public int CountDays(int asOfDay, int daysBeforeAsOf, int length)
    {
        var count = 0;
        for (var offset = daysBeforeAsOf; offset < daysBeforeAsOf + length; offset++)
        {
            var age = AnchorDay - (asOfDay - offset);
            if (age is >= 0 and < Capacity && ((Bits >> age) & UInt128.One) == UInt128.One)
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>The number of marked days overall.</summary>
    public int Total => (int)UInt128.PopCount(Bits);
}
