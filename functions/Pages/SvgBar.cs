namespace Reactivation.Functions.Pages;

/// <summary>One bar of a horizontal bar chart.</summary>
/// <param name="Label">What the bar counts, shown to its left.</param>
/// <param name="Value">Its length in data units; negative, NaN and infinite values draw as no bar.</param>
/// <param name="ValueText">The value as the reader should see it, shown at the bar's end.</param>
public sealed record SvgBar(string Label, double Value, string ValueText);
