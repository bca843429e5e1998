using System.Text;
using Reactivation.Core.Measurement;

namespace Reactivation.Functions.Pages;

/// <summary>The report's tables: arms, daily figures, channels, steps and segments.</summary>
public static partial class JourneyReportHtml
{
    private static string ArmTable(IReadOnlyList<ArmResult> arms, JourneyReportText t) => Table(
        "lift-table",
        t.LiftHeading,
        [t.Arm, t.Users, t.Returned, t.ReturnRate, t.Lift, t.Interval, t.PValue, t.IncrementalReturns, t.Cost, t.CostPerIncremental, t.NeededPerArm, t.Status],
        arms.Select(a => new Row(
            [
                t.ArmName(a.Arm), ReportFormat.Count(a.Users), ReportFormat.Count(a.Returned), ReportFormat.Percent(a.ReturnRate),
                ReportFormat.Points(a.Lift?.Difference),
                a.Lift is { } lift ? $"{ReportFormat.Points(lift.Lower)} … {ReportFormat.Points(lift.Upper)}" : ReportFormat.Dash,
                ReportFormat.PValue(a.Lift?.PValue), ReportFormat.Count(a.IncrementalReturns),
                a.IsBaseline ? ReportFormat.Dash : ReportFormat.Money(a.Cost), ReportFormat.Money(a.CostPerIncrementalReturn),
                a.NeededPerArm is { } needed ? ReportFormat.Count(needed) : ReportFormat.Dash,
                a.IsBaseline ? t.Baseline : a.TooSmall ? t.TooSmall : a.Lift is null ? t.NoComparison : "",
            ],
            a.TooSmall ? "flagged" : null)),
        t.NoData);

    /// <summary>The trend's figures as a table, folded away: the chart's numbers for a screen reader or a copy into a sheet.</summary>
    private static string DailyTable(IReadOnlyList<DailyPoint> days, JourneyReportText t) =>
        $"<details><summary>{SvgChart.Text(t.DailyFigures)}</summary>"
        + Table(
            "trend-table",
            t.DailyFigures,
            [t.Day, t.Enrolled, t.Sent, t.Clicked, t.Returned, t.Cost],
            days.Select(d => new Row(
                [Day(d.Day), ReportFormat.Count(d.Enrolled), ReportFormat.Count(d.Sent), ReportFormat.Count(d.Clicked), ReportFormat.Count(d.Returned), ReportFormat.Money(d.Cost)])),
            t.NoData)
        + "</details>";

    private static string ChannelTable(IReadOnlyList<ChannelResult> channels, JourneyReportText t) => Table(
        "channels-table",
        t.ChannelsHeading,
        [t.Channel, t.Sent, t.Failed, t.Cost, t.Returned, t.CostPerReactivation],
        channels.Select(c => new Row(
            [
                t.ChannelName(c.Channel), ReportFormat.Count(c.Sent), ReportFormat.Count(c.Failed),
                ReportFormat.Money(c.Cost), ReportFormat.Count(c.Returned), ReportFormat.Money(c.CostPerReactivation),
            ])),
        t.NoData);

    private static string Steps(IReadOnlyList<StepResult> steps, JourneyReportText t) => Section("steps", t.StepsHeading, Table(
        "steps-table",
        t.StepsHeading,
        [t.Step, t.Channel, t.Sent, t.Skipped, t.Delivered, t.Clicked, t.Returned],
        steps.Select(s => new Row(
            [
                s.Step, t.ChannelName(s.Channel), ReportFormat.Count(s.Sent), ReportFormat.Count(s.Skipped),
                ReportFormat.Count(s.Delivered), ReportFormat.Count(s.Clicked), ReportFormat.Count(s.Returned),
            ])),
        t.NoData,
        textColumns: 2));

    private static string Segments(IReadOnlyList<SegmentResult> segments, JourneyReportText t) => Section("segments", t.SegmentsHeading, Table(
        "segments-table",
        t.SegmentsHeading,
        [t.Dimension, t.Value, t.Users, t.Returned, t.ReturnRate, t.Untreated, t.Treated, t.Lift],
        segments.Select(s =>
        {
            var (untreated, treated) = (ReportFormat.Rate(s.UntreatedReturned, s.UntreatedUsers), ReportFormat.Rate(s.TreatedReturned, s.TreatedUsers));
            return new Row(
            [
                t.DimensionName(s.Dimension), s.Value, ReportFormat.Count(s.Users), ReportFormat.Count(s.Returned),
                ReportFormat.Percent(ReportFormat.Rate(s.Returned, s.Users)),
                $"{ReportFormat.Percent(untreated)} (n = {ReportFormat.Count(s.UntreatedUsers)})",
                $"{ReportFormat.Percent(treated)} (n = {ReportFormat.Count(s.TreatedUsers)})",
                ReportFormat.Points(treated - untreated),
            ]);
        }),
        t.NoData,
        textColumns: 2));

    /// <summary>
    /// A table named <paramref name="title"/> whose first <paramref name="textColumns"/> columns are text and the rest
    /// right-aligned figures; the no-data note (under the same id) when there are no rows.
    /// </summary>
    private static string Table(string id, string title, IReadOnlyList<string> headings, IEnumerable<Row> rows, string noData, int textColumns = 1)
    {
        var body = new StringBuilder();
        foreach (var row in rows)
        {
            body.Append(row.Class is null ? "<tr>" : $"<tr class=\"{row.Class}\">");
            for (var i = 0; i < row.Cells.Count; i++)
            {
                body.Append(i < textColumns ? "<td>" : "<td class=\"num\">").Append(SvgChart.Text(row.Cells[i])).Append("</td>");
            }

            body.Append("</tr>");
        }

        if (body.Length == 0)
        {
            return SvgChart.NoData(id, title, noData);
        }

        var head = string.Concat(headings.Select((h, i) => $"<th scope=\"col\"{(i < textColumns ? "" : " class=\"num\"")}>{SvgChart.Text(h)}</th>"));
        return $"<div class=\"table-wrap\"><table id=\"{id}\" aria-label=\"{SvgChart.Text(title)}\"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>";
    }

    /// <summary>One table row: its cells as plain text (encoded when written) and an optional class.</summary>
    private sealed record Row(IReadOnlyList<string> Cells, string? Class = null);
}
