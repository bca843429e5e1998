using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using Reactivation.Functions.Pages;
using Xunit;

namespace Reactivation.Functions.Tests.Pages;

/// <summary>
/// The journey report page, parsed as XML: charts drawn to scale, nothing to run or fetch, empty and all-zero data
/// handled, every text encoded, and both languages.
/// </summary>
public sealed partial class JourneyReportHtmlTests
{
    private static readonly XNamespace Svg = SvgChart.Namespace;

    private static readonly string[] SectionIds = ["report-header", "kpis", "funnel", "lift", "trend", "skips", "channels", "steps", "segments"];

    [Fact]
    public void The_forest_plot_draws_every_interval_and_estimate_on_one_linear_scale_with_the_zero_line_at_zero()
    {
        var report = JourneyReportSamples.Busy();
        var chart = ById(Parse(JourneyReportHtml.Render(report, "en-US")), "lift-chart");
        var rows = chart.Elements(Svg + "g").Where(g => HasClass(g, "arm")).ToList();
        var lifts = report.Arms.Where(a => !a.IsBaseline).Select(a => a.Lift).ToList();

        // The first arm's interval fixes the scale; every other x on the plot must sit where that scale puts it.
        var (firstBar, first) = (Single(rows[0], "ci"), lifts[0]!);
        var perUnit = (X(firstBar, "x2") - X(firstBar, "x1")) / (first.Upper - first.Lower);
        double At(double value) => X(firstBar, "x1") + (value - first.Lower) * perUnit;

        Assert.Equal(3, rows.Count);
        Assert.True(perUnit > 0);
        Assert.Equal(At(0), X(Single(chart, "zero"), "x1"), 0.05);
        Assert.Equal(At(0), X(Single(chart, "zero"), "x2"), 0.05);
        foreach (var (row, lift) in rows.Zip(lifts).Where(p => p.Second is not null))
        {
            Assert.Equal(At(lift!.Lower), X(Single(row, "ci"), "x1"), 0.05);
            Assert.Equal(At(lift.Upper), X(Single(row, "ci"), "x2"), 0.05);
            Assert.Equal(At(lift.Difference), X(Single(row, "estimate"), "cx"), 0.05);
            Assert.InRange(X(Single(row, "ci"), "x1"), SvgForestPlot.PlotLeft, SvgForestPlot.PlotRight);
            Assert.InRange(X(Single(row, "ci"), "x2"), SvgForestPlot.PlotLeft, SvgForestPlot.PlotRight);
        }
    }

    [Fact]
    public void The_small_arms_interval_crosses_the_zero_line_and_the_arm_is_marked_too_small_with_its_p_value()
    {
        var page = Parse(JourneyReportHtml.Render(JourneyReportSamples.Busy(), "en-US"));
        var chart = ById(page, "lift-chart");
        var rows = chart.Elements(Svg + "g").Where(g => HasClass(g, "arm")).ToList();
        var zero = X(Single(chart, "zero"), "x1");
        var small = rows[1];

        Assert.False(HasClass(rows[0], "flagged"));
        Assert.True(HasClass(small, "flagged"));
        Assert.Contains("too small", TextsOf(small));
        Assert.True(X(Single(small, "ci"), "x1") < zero && zero < X(Single(small, "ci"), "x2"));
        Assert.True(X(Single(rows[0], "ci"), "x1") > zero);
        Assert.Equal("+1.5 pp [+0.3, +2.7] · p = 0.016", TextsOf(rows[0]).Last());
        Assert.Equal("no comparison", TextsOf(rows[2]).Last());
        Assert.Empty(rows[2].Elements(Svg + "line"));
    }

    [Fact]
    public void The_lift_table_lists_the_baseline_with_its_rate_and_each_arms_incremental_returns_and_their_cost()
    {
        var report = JourneyReportSamples.Busy();
        var page = Parse(JourneyReportHtml.Render(report, "en-US"));
        var rows = ById(page, "lift-table").Descendants("tbody").Single().Elements("tr").Select(Cells).ToList();

        Assert.Equal("Baseline (Untreated): 4.0% returned (80 of 2,000 users).", ById(page, "lift-baseline").Value);
        Assert.Equal(["Untreated", "2,000", "80", "4.0%", "—", "—", "—", "—", "—", "—", "2,800", "baseline"], rows[0]);
        Assert.Equal(["variant a", "3,000", "165", "5.5%", "+1.5", "+0.3 … +2.7"], rows[1][..6]);
        Assert.Equal(["45", "1,650.00", "36.67", "2,800", ""], rows[1][7..]);
        Assert.Equal("too small", rows[2][^1]);
        Assert.Equal("flagged", (string?)ById(page, "lift-table").Descendants("tr").ElementAt(3).Attribute("class"));
    }

    [Fact]
    public void Funnel_bars_are_as_long_as_their_counts_against_the_largest_stage()
    {
        var report = JourneyReportSamples.Busy();
        var chart = ById(Parse(JourneyReportHtml.Render(report, "en-US")), "funnel-chart");
        var widths = chart.Descendants(Svg + "rect").Where(r => HasClass(r, "bar")).Select(r => X(r, "width")).ToList();

        Assert.Equal(report.Funnel.Count, widths.Count);
        Assert.Equal(SvgBars.PlotWidth, widths[0], 0.01);
        foreach (var (width, stage) in widths.Zip(report.Funnel))
        {
            Assert.Equal(SvgBars.PlotWidth * stage.Users / report.Funnel[0].Users, width, 0.01);
        }

        Assert.Equal(["Enrolled", "5,400", "Treated", "3,400 (63.0%)"], TextsOf(chart).Take(4));
    }

    [Fact]
    public void The_trend_places_days_by_date_so_a_quiet_stretch_shows_as_a_gap()
    {
        var chart = ById(Parse(JourneyReportHtml.Render(JourneyReportSamples.Busy(), "en-US")), "trend-chart");
        var sent = chart.Elements(Svg + "g").Single(g => HasClass(g, "series") && HasClass(g, "sent"));
        var xs = sent.Elements(Svg + "circle").Select(c => X(c, "cx")).ToList();
        var step = xs[1] - xs[0];

        Assert.Equal("Sent", sent.Element(Svg + "title")!.Value);
        Assert.Equal(SvgTrend.PlotLeft, xs[0], 0.01);
        Assert.Equal(SvgTrend.PlotRight, xs[^1], 0.01);
        Assert.Equal(5 * step, xs[3] - xs[2], 0.05);
        Assert.Equal(3, chart.Elements(Svg + "g").Count(g => HasClass(g, "series")));
        Assert.Contains("11-01", chart.Descendants(Svg + "text").Where(t => HasClass(t, "day")).Select(t => t.Value));
    }

    [Fact]
    public void An_empty_report_shows_a_no_data_note_in_place_of_each_chart_and_table_and_dashes_for_its_rates()
    {
        var html = JourneyReportHtml.Render(JourneyReportSamples.Empty(), "en-US");
        var page = Parse(html);

        foreach (var id in new[] { "funnel-chart", "lift-chart", "trend-chart", "skips-chart", "channels-chart", "steps-table", "segments-table" })
        {
            var note = ById(page, id);
            Assert.Equal("p", note.Name.LocalName);
            Assert.True(HasClass(note, "nodata"), id);
            Assert.False(string.IsNullOrEmpty((string?)note.Attribute("aria-label")), id);
        }

        Assert.Equal("No message was skipped.", ById(page, "skips-chart").Value);
        Assert.Equal("No data yet.", ById(page, "funnel-chart").Value);
        Assert.Empty(page.Descendants(Svg + "svg"));
        Assert.Equal(["—", "—", "—", "—", "—"], page.Descendants("div").Where(d => HasClass(d, "value")).Select(d => d.Value));
        Assert.Equal("no activity yet", ById(page, "meta-period").Element("dd")!.Value);
        Assert.Null(ById(page, "warnings", required: false));
        Assert.Null(ById(page, "lift-table", required: false));
        Assert.Equal("No untreated baseline: lift cannot be measured.", ById(page, "lift-baseline").Value);
        Assert.DoesNotMatch(NotANumber(), html);
    }

    [Fact]
    public void An_all_zero_report_draws_its_charts_with_empty_bars_and_no_nan_or_infinity()
    {
        var html = JourneyReportHtml.Render(JourneyReportSamples.AllZero(), "en-US");
        var page = Parse(html);

        Assert.DoesNotMatch(NotANumber(), html);
        Assert.All(page.Descendants(Svg + "rect").Where(r => HasClass(r, "bar")), r => Assert.Equal(0, X(r, "width")));
        Assert.Equal(4, page.Descendants(Svg + "svg").Count(s => s.Descendants(Svg + "rect").Any(r => HasClass(r, "bar"))));
        var forest = ById(page, "lift-chart");
        Assert.Equal(X(Single(forest, "zero"), "x1"), X(Single(forest, "estimate"), "cx"), 0.01);
        Assert.All(ById(page, "trend-chart").Descendants(Svg + "circle"), c => Assert.Equal(SvgTrend.PlotBottom, X(c, "cy"), 0.01));
        Assert.Equal(["30-60d", "0", "0", "—", "— (n = 0)", "— (n = 0)", "—"], Cells(ById(page, "segments-table").Descendants("tbody").Single().Element("tr")!)[1..]);
    }

    [Fact]
    public void Every_coordinate_is_an_invariant_finite_number_even_where_the_culture_writes_decimal_commas()
    {
        var culture = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
        try
        {
            var page = Parse(JourneyReportHtml.Render(JourneyReportSamples.Busy(), "en-US"));
            var numeric = new[] { "x", "y", "x1", "x2", "y1", "y2", "cx", "cy", "r", "width", "height" };
            var attributes = page.Descendants().Where(e => e.Name.Namespace == Svg && e.Name.LocalName != "svg")
                .SelectMany(e => e.Attributes()).Where(a => numeric.Contains(a.Name.LocalName)).ToList();
            var points = page.Descendants(Svg + "polyline").SelectMany(p => ((string)p.Attribute("points")!).Split(' ', ',')).ToList();

            Assert.NotEmpty(attributes);
            Assert.All(attributes.Select(a => a.Value).Concat(points), value =>
                Assert.True(double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d), value));
            Assert.Equal("1,830.50", ById(page, "kpi-cost").Descendants("div").Single(d => HasClass(d, "note")).Value[^8..]);
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }
    }

    [Theory]
    [InlineData("en-US")]
    [InlineData("zh-CN")]
    public void The_page_has_no_script_and_no_reference_to_anything_outside_itself(string locale)
    {
        var html = JourneyReportHtml.Render(JourneyReportSamples.Busy("<script>alert(1)</script>"), locale);
        var page = Parse(html);

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(page.Descendants(), e => e.Name.LocalName is "script" or "link" or "img" or "iframe" or "object" or "image" or "use");
        Assert.DoesNotContain(page.Descendants().Attributes(), a => a.Name.LocalName is "src" or "href" || a.Name.LocalName.StartsWith("on", StringComparison.Ordinal));
        Assert.DoesNotContain("url(", page.Descendants("style").Single().Value, StringComparison.Ordinal);
        Assert.DoesNotContain("@import", page.Descendants("style").Single().Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_from_the_report_is_encoded_so_markup_in_a_name_or_warning_stays_text()
    {
        var report = JourneyReportSamples.Busy("Spring <b>sale</b> & \"friends\"") with
        {
            Warnings = ["<img src=x onerror=alert(1)> is not a tag"],
            Skips = [new("<i>odd</i>", 3)],
            Steps = [new("<em>step</em>", "sms", 1, 0, 1, 0, 0)],
        };
        var html = JourneyReportHtml.Render(report, "en-US");
        var page = Parse(html);

        Assert.Equal("Journey report: Spring <b>sale</b> & \"friends\"", page.Descendants("h1").Single().Value);
        Assert.Equal("Journey report: Spring <b>sale</b> & \"friends\"", page.Descendants("title").Single().Value);
        Assert.Equal("<img src=x onerror=alert(1)> is not a tag", ById(page, "warnings").Descendants("li").Single().Value);
        Assert.Contains("<i>odd</i>", TextsOf(ById(page, "skips-chart")));
        Assert.Equal("<em>step</em>", Cells(ById(page, "steps-table").Descendants("tbody").Single().Element("tr")!)[0]);
        Assert.DoesNotContain(page.Descendants(), e => e.Name.LocalName is "b" or "i" or "em" or "img");
        Assert.Contains("Spring &lt;b&gt;sale&lt;/b&gt; &amp; &quot;friends&quot;", html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_chinese_locale_gets_chinese_headings_chart_titles_and_names()
    {
        var page = Parse(JourneyReportHtml.Render(JourneyReportSamples.Busy(), "zh-CN"));

        Assert.Equal("zh-CN", (string?)page.Root!.Attribute("lang"));
        Assert.Equal("旅程报告：Winter win-back", page.Descendants("h1").Single().Value);
        Assert.Equal(
            ["核心指标", "转化漏斗", "各组提升效果", "每日趋势", "未发送消息的原因", "各渠道成本与效果", "各步骤", "用户分群"],
            page.Descendants("section").Where(s => (string?)s.Attribute("id") != "warnings").Select(s => s.Element("h2")!.Value));
        Assert.Equal("使用这些数字之前请先阅读", ById(page, "warnings").Element("h2")!.Value);
        Assert.Equal("转化漏斗：各阶段用户数", ById(page, "funnel-chart").Element(Svg + "title")!.Value);
        Assert.Contains("已触达", TextsOf(ById(page, "funnel-chart")));
        Assert.Contains("样本不足", TextsOf(ById(page, "lift-chart")));
        Assert.Equal("基线（未干预）：回访率 4.0%（2,000 人中 80 人回访）。", ById(page, "lift-baseline").Value);
        Assert.Equal("短信", Cells(ById(page, "channels-table").Descendants("tbody").Single().Element("tr")!)[0]);
        Assert.Equal("14 天", ById(page, "meta-window").Element("dd")!.Value);
    }

    [Fact]
    public void An_english_locale_gets_no_chinese_text()
    {
        var page = Parse(JourneyReportHtml.Render(JourneyReportSamples.Busy(), "en-US"));

        Assert.Equal("en-US", (string?)page.Root!.Attribute("lang"));
        Assert.DoesNotMatch(Han(), page.Root.Value);
        Assert.Equal("Read this before trusting the numbers", ById(page, "warnings").Element("h2")!.Value);
    }

    [Fact]
    public void Every_section_and_chart_has_a_stable_unique_id_and_every_chart_names_itself_for_a_screen_reader()
    {
        var page = Parse(JourneyReportHtml.Render(JourneyReportSamples.Busy(), "en-US"));
        var ids = page.Descendants().Select(e => (string?)e.Attribute("id")).OfType<string>().ToList();
        var charts = page.Descendants(Svg + "svg").ToList();

        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Subset(ids.ToHashSet(), new HashSet<string>([.. SectionIds, "warnings"]));
        Assert.Equal(["funnel-chart", "lift-chart", "trend-chart", "skips-chart", "channels-cost-chart", "channels-returned-chart"], charts.Select(c => (string?)c.Attribute("id")));
        Assert.All(charts, c =>
        {
            Assert.Equal("img", (string?)c.Attribute("role"));
            Assert.Equal((string?)c.Attribute("aria-label"), c.Elements().First().Value);
            Assert.Equal(Svg + "title", c.Elements().First().Name);
        });
    }

    [Fact]
    public void The_kpi_cards_show_each_rate_against_its_inputs_and_the_activation_rate_against_its_target()
    {
        var page = Parse(JourneyReportHtml.Render(JourneyReportSamples.Busy(), "en-US"));
        string[] Card(string id) => ById(page, id).Elements("div").Select(d => d.Value).ToArray();

        Assert.Equal(["Activation rate", "5.6%", "of 3,300 users reached · target 15.0% · below target"], Card("kpi-activation"));
        Assert.Equal("kpi bad", (string?)ById(page, "kpi-activation").Attribute("class"));
        Assert.Equal(["Wake rate", "4.9%", "of 5,400 silent users enrolled"], Card("kpi-wake"));
        Assert.Equal(["Cost per reactivation", "9.89", "total cost 1,830.50"], Card("kpi-cost"));
        Assert.Equal(["Re-silence rate", "35.0%", "of 120 returns 30 days on"], Card("kpi-resilence"));
        Assert.Equal(["Spend 30 days after return", "58.20", "before silence: 41.70 · 120 users"], Card("kpi-spend-30"));
        Assert.Equal(["Spend 90 days after return", "—", "before silence: — · 0 users"], Card("kpi-spend-90"));
        Assert.Equal(["Generated", "2026-11-28 09:30 UTC"], ById(page, "meta-generated").Elements().Select(e => e.Value));
    }

    /// <summary>The page as XML: it is written to be well-formed, so a parse failure is itself a failed test.</summary>
    private static XDocument Parse(string html)
    {
        using var reader = XmlReader.Create(new StringReader(html), new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore });
        return XDocument.Load(reader);
    }

    private static XElement ById(XDocument page, string id) => ById(page, id, required: true)!;

    private static XElement? ById(XDocument page, string id, bool required)
    {
        var found = page.Descendants().SingleOrDefault(e => (string?)e.Attribute("id") == id);
        return required ? found ?? throw new Xunit.Sdk.XunitException($"no element with id {id}") : found;
    }

    private static bool HasClass(XElement element, string name) =>
        ((string?)element.Attribute("class") ?? "").Split(' ').Contains(name);

    private static XElement Single(XElement parent, string cssClass) => parent.Descendants().Single(e => HasClass(e, cssClass));

    private static double X(XElement element, string attribute) =>
        double.Parse((string)element.Attribute(attribute)!, CultureInfo.InvariantCulture);

    private static List<string> TextsOf(XElement element) => element.Descendants(Svg + "text").Select(t => t.Value).ToList();

    private static string[] Cells(XElement row) => row.Elements("td").Select(td => td.Value).ToArray();

    [GeneratedRegex("NaN|Infinity|∞")]
    private static partial Regex NotANumber();

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex Han();
}
