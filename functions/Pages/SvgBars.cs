namespace Reactivation.Functions.Pages;

/// <summary>Horizontal bar charts: one row a bar, its label on the left and its value at its end.</summary>
public static class SvgBars
{
    /// <summary>Where bars start: the label column's width.</summary>
    public const double PlotLeft = 180;

    /// <summary>The longest bar: what is left of the chart after the labels and room for the value at its end.</summary>
    public const double PlotWidth = SvgChart.Width - PlotLeft - 120;

    private const double RowHeight = 28;
    private const double BarHeight = 18;
    private const int LabelCharacters = 26;

    /// <summary>
    /// A chart of <paramref name="bars"/>, each as long as its value against the largest one; the
    /// <paramref name="noData"/> note instead when there are no bars.
    /// </summary>
    /// <param name="id">The chart's id in the page.</param>
    /// <param name="title">Its accessible name (the SVG title and aria-label).</param>
    /// <param name="bars">The bars, top to bottom.</param>
    /// <param name="noData">The note shown when <paramref name="bars"/> is empty.</param>
    /// <remarks>When every value is zero the bars have no length and the values still read 0: an honest picture of nothing yet.</remarks>
    public static string Horizontal(string id, string title, IReadOnlyList<SvgBar> bars, string noData)
    {
        if (bars.Count == 0)
        {
            return SvgChart.NoData(id, title, noData);
        }

        var largest = bars.Select(b => Length(b.Value)).Max();
        var scale = new SvgScale(0, largest, 0, PlotWidth);
        var svg = SvgChart.Open(id, title, bars.Count * RowHeight + 8);
        for (var i = 0; i < bars.Count; i++)
        {
            var bar = bars[i];

            // With every value zero the scale has no width and would put each bar's end mid-plot; no length is the truth.
            var width = largest > 0 ? scale.At(Length(bar.Value)) : 0;
            var top = 4 + i * RowHeight;
            var middle = top + RowHeight / 2 + 4;
            svg.Append("<g class=\"row\">")
                .Append($"<title>{SvgChart.Text(bar.Label)}: {SvgChart.Text(bar.ValueText)}</title>")
                .Append(SvgChart.Label(PlotLeft - 8, middle, SvgChart.Shorten(bar.Label, LabelCharacters), "text-anchor=\"end\""))
                .Append($"<rect class=\"bar\" x=\"{SvgChart.Number(PlotLeft)}\" y=\"{SvgChart.Number(top + (RowHeight - BarHeight) / 2)}\"")
                .Append($" width=\"{SvgChart.Number(width)}\" height=\"{SvgChart.Number(BarHeight)}\" rx=\"3\" />")
                .Append(SvgChart.Label(PlotLeft + width + 6, middle, bar.ValueText, "class=\"value\""))
                .Append("</g>");
        }

        return svg.Append("</svg>").ToString();
    }

    private static double Length(double value) => double.IsFinite(value) && value > 0 ? value : 0;
}
