using System.Text;

namespace Reactivation.Functions.Pages;

/// <summary>
/// A forest plot: one row per estimate, a dot at the estimate, a bar across its confidence interval, and a vertical
/// line at zero so "is the interval clear of no effect?" reads at a glance.
/// </summary>
public static class SvgForestPlot
{
    /// <summary>The x of the plot's left edge (the label column is to its left).</summary>
    public const double PlotLeft = 180;

    /// <summary>The x of the plot's right edge (the notes are to its right).</summary>
    public const double PlotRight = 470;

    private const double AxisHeight = 24;
    private const double RowHeight = 40;
    private const int LabelCharacters = 24;

    /// <summary>
    /// The plot of <paramref name="rows"/> on one scale that always includes zero; the <paramref name="noData"/> note
    /// instead when no row has an estimate.
    /// </summary>
    /// <param name="id">The chart's id in the page.</param>
    /// <param name="title">Its accessible name.</param>
    /// <param name="rows">The rows, top to bottom.</param>
    /// <param name="tickText">How an axis value reads (e.g. 0.02 as "2").</param>
    /// <param name="noData">The note shown when there is nothing to plot.</param>
    public static string Render(string id, string title, IReadOnlyList<SvgForestRow> rows, Func<double, string> tickText, string noData)
    {
        if (!rows.Any(r => Finite(r.Estimate) is not null))
        {
            return SvgChart.NoData(id, title, noData);
        }

        var scale = ScaleOf(rows);
        var bottom = AxisHeight + rows.Count * RowHeight;
        var svg = SvgChart.Open(id, title, bottom + 6);
        foreach (var tick in scale.Ticks())
        {
            var x = SvgChart.Number(scale.At(tick));
            svg.Append($"<line class=\"grid\" x1=\"{x}\" y1=\"{SvgChart.Number(AxisHeight - 4)}\" x2=\"{x}\" y2=\"{SvgChart.Number(bottom)}\" />")
                .Append(SvgChart.Label(scale.At(tick), AxisHeight - 8, tickText(tick), "class=\"tick\" text-anchor=\"middle\""));
        }

        var zero = SvgChart.Number(scale.At(0));
        svg.Append($"<line class=\"zero\" x1=\"{zero}\" y1=\"{SvgChart.Number(AxisHeight - 4)}\" x2=\"{zero}\" y2=\"{SvgChart.Number(bottom)}\" />");
        for (var i = 0; i < rows.Count; i++)
        {
            AppendRow(svg, rows[i], scale, AxisHeight + i * RowHeight + RowHeight / 2);
        }

        return svg.Append("</svg>").ToString();
    }

    private static void AppendRow(StringBuilder svg, SvgForestRow row, SvgScale scale, double middle)
    {
        var (estimate, lower, upper) = (Finite(row.Estimate), Finite(row.Lower), Finite(row.Upper));
        svg.Append(row.Marker is null ? "<g class=\"arm\">" : "<g class=\"arm flagged\">")
            .Append($"<title>{SvgChart.Text(row.Label)}: {SvgChart.Text(row.Note)}{(row.Marker is null ? "" : " (" + SvgChart.Text(row.Marker) + ")")}</title>")
            .Append(SvgChart.Label(PlotLeft - 10, row.Marker is null ? middle + 4 : middle - 2, SvgChart.Shorten(row.Label, LabelCharacters), "text-anchor=\"end\""));
        if (row.Marker is not null)
        {
            svg.Append(SvgChart.Label(PlotLeft - 10, middle + 12, row.Marker, "class=\"marker\" text-anchor=\"end\""));
        }

        if (lower is not null && upper is not null)
        {
            var y = SvgChart.Number(middle);
            svg.Append($"<line class=\"ci\" x1=\"{SvgChart.Number(scale.At(lower.Value))}\" y1=\"{y}\" x2=\"{SvgChart.Number(scale.At(upper.Value))}\" y2=\"{y}\" />");
        }

        if (estimate is not null)
        {
            svg.Append($"<circle class=\"estimate\" cx=\"{SvgChart.Number(scale.At(estimate.Value))}\" cy=\"{SvgChart.Number(middle)}\" r=\"5\" />");
        }

        svg.Append(SvgChart.Label(PlotRight + 10, middle + 4, row.Note, "class=\"value\"")).Append("</g>");
    }

    /// <summary>
    /// A scale over every bound and estimate and zero, padded a little so no dot sits on the edge; a tiny span around
    /// zero when every value is zero.
    /// </summary>
    private static SvgScale ScaleOf(IReadOnlyList<SvgForestRow> rows)
    {
        var values = rows.SelectMany(r => new[] { r.Estimate, r.Lower, r.Upper }).Select(Finite).OfType<double>().Append(0).ToList();
        var (min, max) = (values.Min(), values.Max());
        var pad = max > min ? (max - min) * 0.08 : 0.01;
        return new SvgScale(min - pad, max + pad, PlotLeft, PlotRight);
    }

    private static double? Finite(double? value) => value is { } v && double.IsFinite(v) ? v : null;
}
