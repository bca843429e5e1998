using System.Globalization;
using System.Text;
using Reactivation.Core.Measurement;

namespace Reactivation.Functions.Pages;

/// <summary>
/// A journey report as one self-contained HTML page for a growth team: header, warnings, KPI cards, then a section per
/// question (funnel, lift per arm, daily trend, skips, channels, steps, segments), with charts as inline SVG.
/// </summary>
/// <remarks>
/// The page carries no script and loads nothing (inline style only), so it works under
/// <c>default-src 'none'; style-src 'unsafe-inline'; img-src 'self'</c> and can be saved or mailed as one file. It is
/// written as well-formed XML too (every element closed, no void element in the body), which browsers read as HTML
/// and tests can parse with System.Xml.Linq. Every text from the report is encoded; a figure with no value reads as an em dash.
/// </remarks>
public static partial class JourneyReportHtml
{
    /// <summary>The report page for <paramref name="report"/>, in Chinese for a <c>zh</c> locale and English otherwise.</summary>
    /// <param name="report">The report.</param>
    /// <param name="locale">The reader's locale.</param>
    /// <param name="mapLink">The (relative) link to the journey's map page, or null for none.</param>
    public static string Render(JourneyReport report, string locale, string? mapLink = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        var t = JourneyReportText.For(locale);
        var body = new StringBuilder()
            .Append(Header(report, t))
            .Append(mapLink is null ? "" : $"<p id=\"map-link-row\"><a id=\"map-link\" href=\"{SvgChart.Text(mapLink)}\">{SvgChart.Text(JourneyMapText.For(locale).MapLink)}</a></p>")
            .Append(Warnings(report.Warnings, t))
            .Append(Kpis(report, t))
            .Append(Funnel(report.Funnel, t))
            .Append(Lift(report.Arms, t))
            .Append(Trend(report.Daily, t))
            .Append(Skips(report.Skips, t))
            .Append(Channels(report.Channels, t))
            .Append(Steps(report.Steps, t))
            .Append(Segments(report.Segments, t));
        return PublicPage.Frame(t.Lang, Format(t.TitleFormat, report.Name ?? report.JourneyId), Style, body.ToString());
    }

    /// <summary>Wider than the consent pages (tables and charts need the room), plus the charts' colours.</summary>
    private const string Style =
        """
        body{font-family:system-ui,"Noto Sans CJK SC","Noto Sans SC",sans-serif;margin:0;background:#f6f7f9;color:#1d232b}
        main{max-width:60rem;margin:2rem auto;padding:2rem;background:#fff;border-radius:12px;box-shadow:0 1px 4px #0002}
        h1{font-size:1.5rem;margin:0 0 .5rem} h2{font-size:1.15rem;margin:2.2rem 0 .75rem;padding-bottom:.3rem;border-bottom:1px solid #e3e6ea}
        .meta{display:flex;flex-wrap:wrap;gap:.25rem 1.5rem;margin:0;color:#59636e;font-size:.9rem}
        .meta dt{display:inline;font-weight:600} .meta dd{display:inline;margin:0 0 0 .35rem}
        .warnings{margin:1.5rem 0;padding:.8rem 1.1rem;border:2px solid #d1242f;border-radius:8px;background:#fff1f0}
        .warnings h2{margin:0 0 .4rem;padding:0;border:0;color:#a40e26} .warnings ul{margin:0;padding-left:1.2rem} .warnings li{margin:.2rem 0}
        .kpis{display:grid;grid-template-columns:repeat(auto-fill,minmax(13rem,1fr));gap:.75rem}
        .kpi{padding:.75rem 1rem;border:1px solid #d8dce2;border-radius:10px}
        .kpi .label{color:#59636e;font-size:.85rem} .kpi .value{margin:.2rem 0;font-size:1.6rem;font-weight:650}
        .kpi .note{color:#59636e;font-size:.8rem} .kpi.good .value{color:#1a7f37} .kpi.bad .value{color:#a40e26}
        .table-wrap{overflow-x:auto} table{width:100%;border-collapse:collapse;font-size:.85rem;margin:.5rem 0}
        th,td{padding:.35rem .5rem;border-bottom:1px solid #e3e6ea;text-align:left;vertical-align:top}
        th{color:#59636e;font-weight:600} .num{text-align:right;font-variant-numeric:tabular-nums} td{white-space:nowrap}
        tr.flagged td{background:#fff8e1} .caption{color:#59636e;font-size:.85rem}
        .nodata{padding:1rem;border:1px dashed #d8dce2;border-radius:8px;color:#59636e;font-style:italic}
        details summary{cursor:pointer;color:#1f6feb;font-size:.9rem}
        svg.chart{display:block;max-width:100%;height:auto;margin:.5rem 0}
        svg text{font-size:12px;fill:#1d232b} svg .tick{font-size:11px;fill:#59636e} svg .value{fill:#38414b}
        svg .bar{fill:#1f6feb} svg .grid{stroke:#e3e6ea} svg .zero{stroke:#1d232b;stroke-width:1.5}
        svg .ci{stroke:#1f6feb;stroke-width:4;stroke-linecap:round} svg .estimate{fill:#0b3d91}
        svg .flagged .ci{stroke:#bf8700} svg .flagged .estimate{fill:#7d5400} svg .marker{font-size:11px;fill:#a40e26}
        svg .series polyline{fill:none;stroke-width:2}
        svg .sent polyline{stroke:#1f6feb} svg .sent circle,svg .sent rect{fill:#1f6feb}
        svg .clicked polyline{stroke:#bf8700} svg .clicked circle,svg .clicked rect{fill:#bf8700}
        svg .returned polyline{stroke:#1a7f37} svg .returned circle,svg .returned rect{fill:#1a7f37}
        """;

    private static string Header(JourneyReport report, JourneyReportText t)
    {
        var period = report.From is { } from && report.To is { } to ? $"{Day(from)} – {Day(to)}" : t.NoActivity;
        var generated = report.GeneratedAt.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
        return new StringBuilder("<header id=\"report-header\">")
            .Append($"<h1>{SvgChart.Text(Format(t.TitleFormat, report.Name ?? report.JourneyId))}</h1><dl class=\"meta\">")
            .Append(Meta("meta-journey", t.JourneyId, report.JourneyId))
            .Append(Meta("meta-period", t.Period, period))
            .Append(Meta("meta-generated", t.GeneratedAt, generated))
            .Append(Meta("meta-window", t.ReturnWindow, string.Format(CultureInfo.InvariantCulture, t.DaysFormat, report.ReturnWindowDays)))
            .Append("</dl></header>")
            .ToString();
    }

    private static string Meta(string id, string label, string value) =>
        $"<div id=\"{id}\"><dt>{SvgChart.Text(label)}</dt><dd>{SvgChart.Text(value)}</dd></div>";

    /// <summary>The warnings come first and in red: a reader must see "too small to tell" before reading any lift.</summary>
    private static string Warnings(IReadOnlyList<string> warnings, JourneyReportText t)
    {
        if (warnings.Count == 0)
        {
            return "";
        }

        var html = new StringBuilder($"<section id=\"warnings\" class=\"warnings\" role=\"alert\"><h2>{SvgChart.Text(t.WarningsHeading)}</h2><ul>");
        foreach (var warning in warnings)
        {
            html.Append($"<li>{SvgChart.Text(warning)}</li>");
        }

        return html.Append("</ul></section>").ToString();
    }

    private static string Kpis(JourneyReport report, JourneyReportText t)
    {
        var k = report.Kpis;
        var activation = ReportFormat.Finite(k.ActivationRate);
        var html = new StringBuilder($"<section id=\"kpis\"><h2>{SvgChart.Text(t.KpisHeading)}</h2><div class=\"kpis\">")
            .Append(Card(
                "kpi-activation",
                activation is null ? "" : activation >= k.ActivationTarget ? " good" : " bad",
                t.ActivationRate,
                ReportFormat.Percent(activation),
                Format(t.ActivationNote, ReportFormat.Count(report.Totals.Reached), ReportFormat.Percent(k.ActivationTarget))
                    + (activation is null ? "" : " · " + (activation >= k.ActivationTarget ? t.TargetMet : t.TargetMissed))))
            .Append(Card("kpi-wake", "", t.WakeRate, ReportFormat.Percent(k.WakeRate), Format(t.WakeNote, ReportFormat.Count(report.Totals.Enrolled))))
            .Append(Card(
                "kpi-cost", "", t.CostPerReactivation, ReportFormat.Money(k.CostPerReactivation), Format(t.CostNote, ReportFormat.Money(report.Totals.Cost))))
            .Append(Card(
                "kpi-resilence", "", t.ReSilenceRate, ReportFormat.Percent(k.ReSilenceRate), Format(t.ReSilenceNote, ReportFormat.Count(k.ReturnsMatured30))));
        if (k.SpendAfterReturn.Count == 0)
        {
            html.Append(Card("kpi-spend", "", Format(t.SpendAfter, "30/60/90"), ReportFormat.Dash, t.SpendNone));
        }

        foreach (var spend in k.SpendAfterReturn)
        {
            html.Append(Card(
                $"kpi-spend-{spend.Days.ToString(CultureInfo.InvariantCulture)}",
                "",
                Format(t.SpendAfter, spend.Days.ToString(CultureInfo.InvariantCulture)),
                ReportFormat.Money(spend.After),
                Format(t.SpendNote, ReportFormat.Money(spend.Before), ReportFormat.Count(spend.Users))));
        }

        return html.Append("</div></section>").ToString();
    }

    private static string Card(string id, string state, string label, string value, string note) =>
        $"<div id=\"{id}\" class=\"kpi{state}\"><div class=\"label\">{SvgChart.Text(label)}</div>"
        + $"<div class=\"value\">{SvgChart.Text(value)}</div><div class=\"note\">{SvgChart.Text(note)}</div></div>";

    private static string Section(string id, string heading, string content) =>
        $"<section id=\"{id}\"><h2>{SvgChart.Text(heading)}</h2>{content}</section>";

    private static string Format(string format, params object[] values) => string.Format(CultureInfo.InvariantCulture, format, values);

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
