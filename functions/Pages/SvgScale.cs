namespace Reactivation.Functions.Pages;

/// <summary>
/// A linear map from data values to chart coordinates. A domain of zero width (all values equal, or all zero) maps
/// everything to the middle of the range rather than dividing by zero.
/// </summary>
/// <param name="DomainMin">The smallest data value.</param>
/// <param name="DomainMax">The largest data value.</param>
/// <param name="RangeMin">The coordinate of <paramref name="DomainMin"/>.</param>
/// <param name="RangeMax">The coordinate of <paramref name="DomainMax"/>.</param>
public readonly record struct SvgScale(double DomainMin, double DomainMax, double RangeMin, double RangeMax)
{
    /// <summary>The coordinate of <paramref name="value"/>; NaN and infinities land on the range's start.</summary>
    public double At(double value)
    {
        if (!double.IsFinite(value))
        {
            return RangeMin;
        }

        var span = DomainMax - DomainMin;
        return span > 0 && double.IsFinite(span)
            ? RangeMin + (value - DomainMin) / span * (RangeMax - RangeMin)
            : (RangeMin + RangeMax) / 2;
    }

    /// <summary>
    /// About <paramref name="count"/> round values (1, 2 or 5 times a power of ten apart) inside the domain, for axis
    /// ticks; none when the domain is empty or not finite.
    /// </summary>
    public IReadOnlyList<double> Ticks(int count = 5)
    {
        var span = DomainMax - DomainMin;
        if (!(span > 0) || !double.IsFinite(span) || count < 1)
        {
            return [];
        }

        var raw = span / count;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var step = (raw / magnitude) switch { < 1.5 => 1, < 3.5 => 2, < 7.5 => 5, _ => 10 } * magnitude;
        var ticks = new List<double>();
        for (var tick = Math.Ceiling(DomainMin / step) * step; tick <= DomainMax + step * 1e-9; tick += step)
        {
            // Rounding to the step's precision turns 0.30000000000000004 back into 0.3 for the label.
            ticks.Add(Math.Round(tick / step) * step);
        }

        return ticks;
    }
}
