namespace Reactivation.Functions.Pages;

/// <summary>One line of a trend chart.</summary>
/// <param name="Name">What it counts, shown in the legend.</param>
/// <param name="CssClass">The class that colours it (the page's style sheet holds the colours).</param>
/// <param name="Values">One value per day, in the chart's day order.</param>
public sealed record SvgSeries(string Name, string CssClass, IReadOnlyList<double> Values);
