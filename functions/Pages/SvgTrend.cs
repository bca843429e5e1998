using System.Globalization;
using System.Text;

namespace Reactivation.Functions.Pages;

/// <summary>
/// A line chart over days: one line per series on a shared y axis from zero, days placed by date (so a day with no
/// roll-up shows as a gap in time, not as a neighbour), and a handful of day labels.
/// </summary>
public static class SvgTrend
{
    /// <summary>The x of the first day.</summary>
    public const double PlotLeft = 56;

    /// <summary>The x of the last day.</summary>
    public const double PlotRight = SvgChart.Width - 16;

    /// <summary>The y of zero.</summary>
    public const double PlotBottom = 206;

    /// <summary>The y of the axis's top value.</summary>
    public const double PlotTop = 34;

    private const double Height = 232;
    private const int DayLabels = 8;

    /// <summary>
    /// The chart of <paramref name="series"/> over <paramref name="days"/>; the <paramref name="noData"/> note instead
    /// when there are no days.
    /// </summary>
    /// <param name="id">The chart's id in the page.</param>
    /// <param name="title">Its accessible name.</param>
    /// <param name="days">The days, in order.</param>
    /// <param name="series">The lines; each has one value per day.</param>
    /// <param name="noData">The note shown when <paramref name="days"/> is empty.</param>
    public static string Render(string id, string title, IReadOnlyList<DateOnly> days, IReadOnlyList<SvgSeries> series, string noData)
    {
        if (days.Count == 0 || series.Count == 0)
        {
            return SvgChart.NoData(id, title, noData);
        }

        var first = days[0].DayNumber;
        var x = new SvgScale(first, days[^1].DayNumber, PlotLeft, PlotRight);
        var top = NiceCeiling(series.SelectMany(s => s.Values).Where(double.IsFinite).DefaultIfEmpty(0).Max());
        var y = new SvgScale(0, top, PlotBottom, PlotTop);
        var svg = SvgChart.Open(id, title, Height);
        AppendLegend(svg, series);
        // The lines count messages and users: a middle tick of 0.5 would suggest half a user.
        foreach (var tick in top % 2 == 0 ? new[] { 0, top / 2, top } : [0, top])
        {
            var at = SvgChart.Number(y.At(tick));
            svg.Append($"<line class=\"grid\" x1=\"{SvgChart.Number(PlotLeft)}\" y1=\"{at}\" x2=\"{SvgChart.Number(PlotRight)}\" y2=\"{at}\" />")
                .Append(SvgChart.Label(PlotLeft - 6, y.At(tick) + 4, tick.ToString("#,0.##", CultureInfo.InvariantCulture), "class=\"tick\" text-anchor=\"end\""));
        }

        var every = (days.Count + DayLabels - 1) / DayLabels;
        for (var i = 0; i < days.Count; i += every)
        {
            svg.Append(SvgChart.Label(x.At(days[i].DayNumber), PlotBottom + 18, days[i].ToString("MM-dd", CultureInfo.InvariantCulture), "class=\"tick day\" text-anchor=\"middle\""));
        }

        foreach (var line in series)
        {
            var points = days.Select((day, i) => (X: x.At(day.DayNumber), Y: y.At(Value(line, i)))).ToList();
            svg.Append($"<g class=\"series {SvgChart.Text(line.CssClass)}\"><title>{SvgChart.Text(line.Name)}</title>")
                .Append($"<polyline points=\"{string.Join(' ', points.Select(p => SvgChart.Number(p.X) + "," + SvgChart.Number(p.Y)))}\" />");
            foreach (var (px, py) in points)
            {
                svg.Append($"<circle cx=\"{SvgChart.Number(px)}\" cy=\"{SvgChart.Number(py)}\" r=\"2.5\" />");
            }

            svg.Append("</g>");
        }

        return svg.Append("</svg>").ToString();
    }

    private static void AppendLegend(StringBuilder svg, IReadOnlyList<SvgSeries> series)
    {
        var left = PlotLeft;
        foreach (var line in series)
        {
            svg.Append($"<g class=\"legend {SvgChart.Text(line.CssClass)}\">")
                .Append($"<rect x=\"{SvgChart.Number(left)}\" y=\"6\" width=\"14\" height=\"10\" rx=\"2\" />")
                .Append(SvgChart.Label(left + 20, 15, line.Name))
                .Append("</g>");

            left += 36 + SvgChart.TextWidth(line.Name);
        }
    }

    private static double Value(SvgSeries line, int index) =>
        index < line.Values.Count && double.IsFinite(line.Values[index]) && line.Values[index] > 0 ? line.Values[index] : 0;

    /// <summary>The axis's top: the largest value rounded up to 1, 2 or 5 times a power of ten (1 when nothing is above zero).</summary>
    private static double NiceCeiling(double largest)
    {
        if (!(largest > 0))
        {
            return 1;
        }

        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(largest)));
        return new[] { 1, 2, 5, 10 }.Select(m => m * magnitude).First(candidate => candidate >= largest);
    }
}
