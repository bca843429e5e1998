using System.Text;
using Reactivation.Infra.Measurement;
using static Reactivation.Functions.Pages.SvgChart;

namespace Reactivation.Functions.Pages;

/// <summary>
/// The journey map page: the definition drawn as a flow (a box per step with live counts, an arrow per labelled path),
/// the holdout beside it and the counts as a table. Self-contained like the report page: no script, inline style, and
/// well-formed XML.
/// </summary>
public static class JourneyMapHtml
{
    /// <summary>The page for <paramref name="layout"/> and <paramref name="counts"/>, in Chinese for a <c>zh</c> locale and English otherwise.</summary>
    /// <param name="layout">The laid-out definition.</param>
    /// <param name="counts">Its live counts.</param>
    /// <param name="locale">The reader's locale.</param>
    /// <param name="reportLink">The (relative) link back to the report, or null for none.</param>
    public static string Render(JourneyMapLayout layout, JourneyMapCounts counts, string locale, string? reportLink)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(counts);
        var t = JourneyMapText.For(locale);
        var title = JourneyMapText.Format(t.TitleFormat, layout.Name ?? layout.JourneyId);
        var body = new StringBuilder()
            .Append($"<header id=\"map-header\"><h1>{Text(title)}</h1>")
            .Append($"<p class=\"meta\"><span id=\"meta-journey\">{Text(layout.JourneyId)}</span> · <span id=\"meta-version\">{Text(JourneyMapText.Format(t.VersionFormat, layout.Version))}</span>")
            .Append(reportLink is null ? "" : $" · <a id=\"report-link\" href=\"{Text(reportLink)}\">{Text(t.ReportLink)}</a>")
            .Append("</p></header>")
            .Append("<div class=\"layout\">")
            .Append($"<section id=\"map\" class=\"map-wrap\">{SvgJourneyMap.Render(layout, counts, t)}<p class=\"caption\">{Text(t.Caption)}</p></section>")
            .Append(Holdout(counts, t))
            .Append("</div>")
            .Append(Table(layout, counts, t));
        return PublicPage.Frame(t.Lang, title, Style, body.ToString());
    }

    private const string Style =
        """
        body{font-family:system-ui,"Noto Sans CJK SC","Noto Sans SC",sans-serif;margin:0;background:#f6f7f9;color:#1d232b}
        main{max-width:80rem;margin:2rem auto;padding:2rem;background:#fff;border-radius:12px;box-shadow:0 1px 4px #0002}
        h1{font-size:1.5rem;margin:0 0 .5rem} h2{font-size:1.15rem;margin:1.6rem 0 .75rem;padding-bottom:.3rem;border-bottom:1px solid #e3e6ea}
        .meta{color:#59636e;font-size:.9rem;margin:0} a{color:#1f6feb}
        .layout{display:flex;flex-wrap:wrap;gap:1.5rem;align-items:flex-start}
        .map-wrap{flex:1 1 40rem;min-width:0;overflow-x:auto} .caption{color:#59636e;font-size:.85rem}
        .holdout{flex:0 0 15rem;padding:.75rem 1rem;border:1px solid #d8dce2;border-radius:10px;margin-top:1rem}
        .holdout h2{margin:0 0 .5rem;padding:0;border:0;font-size:1rem} .holdout p{margin:.3rem 0;font-size:.9rem}
        table{width:100%;border-collapse:collapse;font-size:.85rem;margin:.5rem 0}
        th,td{padding:.35rem .5rem;border-bottom:1px solid #e3e6ea;text-align:left;vertical-align:top}
        th{color:#59636e;font-weight:600} .num{text-align:right;font-variant-numeric:tabular-nums}
        svg.map{display:block;margin:1rem 0}
        svg text{font-size:12px;fill:#1d232b} svg .step-id{font-weight:650;font-size:13px} svg .step-kind{fill:#59636e;font-size:11px}
        svg .count{font-weight:650} svg .start-label{fill:#1a7f37;font-size:11px;font-weight:650}
        svg .step rect{fill:#f6f8fa;stroke:#8c959f;stroke-width:1.2} svg .step.start rect{stroke:#1a7f37;stroke-width:2}
        svg .step.send rect{fill:#ddf4ff} svg .step.exit rect{fill:#fff8c5} svg .step.branch rect,svg .step.split rect{fill:#fbefff}
        svg .step.waitFor rect,svg .step.wait rect{fill:#f0fff4}
        svg .edge path{fill:none;stroke:#57606a;stroke-width:1.5} svg .edge polygon{fill:#57606a}
        svg .edge.failure path{stroke:#cf222e;stroke-dasharray:5 3} svg .edge.failure polygon{fill:#cf222e}
        svg .edge.fallback path{stroke-dasharray:3 3}
        svg .edge-label text{font-size:11px;fill:#38414b;paint-order:stroke;stroke:#fff;stroke-width:3px;stroke-linejoin:round}
        """;

    private static string Holdout(JourneyMapCounts counts, JourneyMapText t) =>
        $"<aside id=\"holdout\" class=\"holdout\"><h2>{Text(t.HoldoutHeading)}</h2>"
        + $"<p id=\"holdout-instances\">{Text(JourneyMapText.Format(t.InstancesFormat, ReportFormat.Count(counts.Instances)))}</p>"
        + $"<p id=\"holdout-global\" data-count=\"{counts.HeldOut}\">{Text(JourneyMapText.Format(t.HoldoutFormat, JourneyMapReport.Share(counts.HeldOut, counts.Instances), ReportFormat.Percent(counts.HoldoutPercent / 100)))}</p>"
        + $"<p id=\"holdout-control\" data-count=\"{counts.Control}\">{Text(JourneyMapText.Format(t.ControlFormat, JourneyMapReport.Share(counts.Control, counts.Instances), ReportFormat.Percent(counts.ControlPercent / 100)))}</p>"
        + "</aside>";

    private static string Table(JourneyMapLayout layout, JourneyMapCounts counts, JourneyMapText t)
    {
        var html = new StringBuilder($"<section id=\"steps\"><h2>{Text(t.StepsHeading)}</h2><div class=\"table-wrap\"><table id=\"steps-table\"><thead><tr>")
            .Append($"<th>{Text(t.Step)}</th><th class=\"num\">{Text(t.Entered)}</th><th class=\"num\">{Text(t.Waiting)}</th><th class=\"num\">{Text(t.Sent)}</th>")
            .Append($"<th class=\"num\">{Text(t.Failed)}</th><th>{Text(t.Skipped)}</th><th>{Text(t.Exited)}</th><th>{Text(t.Paths)}</th></tr></thead><tbody>");
        foreach (var node in layout.Nodes)
        {
            var c = counts.Of(node.StepId);
            html.Append($"<tr data-step=\"{Text(node.StepId)}\"><td>{Text(node.StepId)} <span class=\"caption\">{Text(node.Kind)}</span></td>")
                .Append($"<td class=\"num\">{Text(ReportFormat.Count(c.Entered))}</td><td class=\"num\">{Text(ReportFormat.Count(c.WaitingNow))}</td>")
                .Append($"<td class=\"num\">{Text(ReportFormat.Count(c.Sent))}</td><td class=\"num\">{Text(ReportFormat.Count(c.Failed))}</td>")
                .Append($"<td>{Text(Parts(c.SkippedTotal, c.Skipped))}</td><td>{Text(Parts(c.ExitedTotal, c.Exited.ToDictionary(e => t.Outcome(e.Key), e => e.Value)))}</td><td>");
            foreach (var edge in layout.Edges.Where(e => e.From == node.StepId))
            {
                html.Append($"<div class=\"path\">{Text(t.Label(edge))} → {Text(edge.To)}</div>");
            }

            html.Append("</td></tr>");
        }

        return html.Append("</tbody></table></div></section>").ToString();
    }

    private static string Parts(long total, IReadOnlyDictionary<string, long> parts) =>
        ReportFormat.Count(total) + (parts.Count == 0 ? "" : " (" + string.Join(", ", parts.Select(p => $"{p.Key} {ReportFormat.Count(p.Value)}")) + ")");
}
