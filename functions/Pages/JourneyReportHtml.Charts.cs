using System.Text;
using Reactivation.Core.Measurement;

namespace Reactivation.Functions.Pages;

/// <summary>The report's chart sections: funnel, lift per arm, daily trend, skips and channels.</summary>
public static partial class JourneyReportHtml
{
    private static string Funnel(IReadOnlyList<FunnelStage> funnel, JourneyReportText t)
    {
        var first = funnel.Count > 0 ? funnel[0].Users : 0;
        var bars = funnel.Select((stage, i) => new SvgBar(
                t.StageName(stage.Stage),
                stage.Users,
                i == 0 || first <= 0 ? ReportFormat.Count(stage.Users) : $"{ReportFormat.Count(stage.Users)} ({ReportFormat.Percent(ReportFormat.Rate(stage.Users, first))})"))
            .ToList();
        return Section("funnel", t.FunnelHeading, SvgBars.Horizontal("funnel-chart", t.FunnelChart, bars, t.NoData));
    }

    /// <summary>
    /// The forest plot of every treated arm against the baseline, the baseline's own rate under it, and a table with
    /// what the plot has no room for (incremental returns, their cost, the sample each arm needs).
    /// </summary>
    private static string Lift(IReadOnlyList<ArmResult> arms, JourneyReportText t)
    {
        var rows = arms.Where(a => !a.IsBaseline).Select(a => new SvgForestRow(
                t.ArmName(a.Arm),
                a.Lift?.Difference,
                a.Lift?.Lower,
                a.Lift?.Upper,
                a.Lift is { } lift
                    ? $"{ReportFormat.Points(lift.Difference)} {t.PointsUnit} [{ReportFormat.Points(lift.Lower)}, {ReportFormat.Points(lift.Upper)}] · p = {ReportFormat.PValue(lift.PValue)}"
                    : t.NoComparison,
                a.TooSmall ? t.TooSmall : null))
            .ToList();
        var baseline = arms.FirstOrDefault(a => a.IsBaseline);
        var baselineLine = baseline is null
            ? t.NoBaseline
            : Format(t.BaselineFormat, t.ArmName(baseline.Arm), ReportFormat.Percent(baseline.ReturnRate), ReportFormat.Count(baseline.Returned), ReportFormat.Count(baseline.Users));
        var chart = SvgForestPlot.Render("lift-chart", t.LiftChart, rows, tick => ReportFormat.Points(tick), t.NoData);
        var content = new StringBuilder(chart);
        if (chart.StartsWith("<svg", StringComparison.Ordinal))
        {
            content.Append($"<p class=\"caption\">{SvgChart.Text(t.LiftAxis)}</p>");
        }

        content.Append($"<p id=\"lift-baseline\">{SvgChart.Text(baselineLine)}</p>");
        return Section("lift", t.LiftHeading, arms.Count == 0 ? content.ToString() : content.Append(ArmTable(arms, t)).ToString());
    }

    private static string Trend(IReadOnlyList<DailyPoint> daily, JourneyReportText t)
    {
        var days = daily.OrderBy(d => d.Day).ToList();
        var series = new[]
        {
            new SvgSeries(t.Sent, "sent", days.Select(d => (double)d.Sent).ToList()),
            new SvgSeries(t.Clicked, "clicked", days.Select(d => (double)d.Clicked).ToList()),
            new SvgSeries(t.Returned, "returned", days.Select(d => (double)d.Returned).ToList()),
        };
        var chart = SvgTrend.Render("trend-chart", t.TrendChart, days.Select(d => d.Day).ToList(), series, t.NoData);
        return Section("trend", t.TrendHeading, days.Count == 0 ? chart : chart + DailyTable(days, t));
    }

    private static string Skips(IReadOnlyList<ReasonCount> skips, JourneyReportText t)
    {
        var bars = skips.Select(s => new SvgBar(s.Reason, s.Count, ReportFormat.Count(s.Count))).ToList();
        return Section("skips", t.SkipsHeading, SvgBars.Horizontal("skips-chart", t.SkipsChart, bars, t.NoSkips));
    }

    private static string Channels(IReadOnlyList<ChannelResult> channels, JourneyReportText t)
    {
        if (channels.Count == 0)
        {
            return Section("channels", t.ChannelsHeading, SvgChart.NoData("channels-chart", t.ChannelsHeading, t.NoData));
        }

        var cost = channels.Select(c => new SvgBar(t.ChannelName(c.Channel), c.Cost, ReportFormat.Money(c.Cost))).ToList();
        var returned = channels.Select(c => new SvgBar(t.ChannelName(c.Channel), c.Returned, ReportFormat.Count(c.Returned))).ToList();
        return Section(
            "channels",
            t.ChannelsHeading,
            ChannelTable(channels, t)
                + $"<p class=\"caption\">{SvgChart.Text(t.ChannelCostChart)}</p>"
                + SvgBars.Horizontal("channels-cost-chart", t.ChannelCostChart, cost, t.NoData)
                + $"<p class=\"caption\">{SvgChart.Text(t.ChannelReturnsChart)}</p>"
                + SvgBars.Horizontal("channels-returned-chart", t.ChannelReturnsChart, returned, t.NoData));
    }
}
