namespace Reactivation.Functions.Pages;

/// <summary>One row of a forest plot: an estimate with its confidence interval.</summary>
/// <param name="Label">What is estimated (an arm), shown on the left.</param>
/// <param name="Estimate">The point estimate, or null when there is none (the row then shows only its note).</param>
/// <param name="Lower">The interval's lower bound.</param>
/// <param name="Upper">The interval's upper bound.</param>
/// <param name="Note">The figures beside the row (estimate, interval, p-value).</param>
/// <param name="Marker">A warning under the label (e.g. too small to tell), or null.</param>
public sealed record SvgForestRow(string Label, double? Estimate, double? Lower, double? Upper, string Note, string? Marker);
