using System.Globalization;
using System.Xml.Linq;
using Reactivation.Functions.Pages;
using Xunit;

namespace Reactivation.Functions.Tests.Pages;

/// <summary>The chart helpers on their own: scales that never divide by zero, numbers that never read NaN, and parseable SVG.</summary>
public sealed class SvgChartTests
{
    private static readonly XNamespace Svg = SvgChart.Namespace;

    [Fact]
    public void A_scale_maps_linearly_and_a_domain_of_no_width_maps_everything_to_the_middle()
    {
        var scale = new SvgScale(-0.02, 0.06, 100, 500);
        var flat = new SvgScale(0, 0, 100, 500);

        Assert.Equal((100, 200, 500), (scale.At(-0.02), scale.At(0), scale.At(0.06)), new RoundedTriple());
        Assert.Equal((300, 300, 100), (flat.At(0), flat.At(7), scale.At(double.NaN)), new RoundedTriple());
        Assert.Empty(flat.Ticks());
    }

    [Fact]
    public void Ticks_are_round_values_inside_the_domain()
    {
        Assert.Equal([-0.02, 0, 0.02, 0.04, 0.06], new SvgScale(-0.025, 0.061, 0, 1).Ticks());
        Assert.Equal([0, 200, 400, 600, 800, 1000], new SvgScale(0, 1000, 0, 1).Ticks());
    }

    [Fact]
    public void Numbers_are_invariant_with_two_decimals_and_nan_or_infinity_read_zero()
    {
        var culture = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("fr-FR");
        try
        {
            Assert.Equal(["12.35", "1234567", "-0.5", "0", "0", "0"], new[] { 12.345678, 1234567, -0.5, double.NaN, double.PositiveInfinity, double.NegativeInfinity }.Select(SvgChart.Number));
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }
    }

    [Fact]
    public void Text_is_encoded_and_loses_the_control_characters_xml_cannot_hold()
    {
        Assert.Equal("a&lt;b&gt; &amp; &quot;c&quot;\tok", SvgChart.Text("a<b> & \"c\"\u0001\u001f\tok"));
        Assert.Equal("", SvgChart.Text(null));
    }

    [Fact]
    public void A_bar_chart_of_no_bars_is_the_note_and_of_zeros_or_nonsense_draws_bars_of_no_length()
    {
        var note = XElement.Parse(SvgBars.Horizontal("c", "Chart", [], "Nothing yet."));
        var chart = XElement.Parse(SvgBars.Horizontal("c", "Chart", [new("a", 0, "0"), new("b", double.NaN, "?"), new("c", -3, "-3")], "Nothing yet."));

        Assert.Equal(("p", "Nothing yet.", "Chart"), (note.Name.LocalName, note.Value, (string?)note.Attribute("aria-label")));
        Assert.Equal(["0", "0", "0"], chart.Descendants(Svg + "rect").Select(r => (string?)r.Attribute("width")));
        Assert.Equal("Chart", chart.Element(Svg + "title")!.Value);
    }

    [Fact]
    public void A_forest_plot_with_no_estimate_is_the_note_and_a_trend_of_one_day_sits_in_the_middle()
    {
        var forest = XElement.Parse(SvgForestPlot.Render("f", "Lift", [new("arm", null, null, null, "none", null)], t => t.ToString(CultureInfo.InvariantCulture), "No lift yet."));
        var trend = XElement.Parse(SvgTrend.Render("t", "Trend", [new DateOnly(2026, 11, 1)], [new("Sent", "sent", [5])], "No days yet."));
        var point = trend.Descendants(Svg + "circle").Single();

        Assert.Equal("No lift yet.", forest.Value);
        Assert.Equal((SvgTrend.PlotLeft + SvgTrend.PlotRight) / 2, double.Parse((string)point.Attribute("cx")!, CultureInfo.InvariantCulture), 0.01);
        Assert.Equal(SvgTrend.PlotTop, double.Parse((string)point.Attribute("cy")!, CultureInfo.InvariantCulture), 0.01);
    }

    private sealed class RoundedTriple : IEqualityComparer<(double, double, double)>
    {
        public bool Equals((double, double, double) x, (double, double, double) y) =>
            Math.Abs(x.Item1 - y.Item1) < 1e-9 && Math.Abs(x.Item2 - y.Item2) < 1e-9 && Math.Abs(x.Item3 - y.Item3) < 1e-9;

        public int GetHashCode((double, double, double) obj) => 0;
    }
}
