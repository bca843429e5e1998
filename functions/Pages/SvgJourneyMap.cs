using System.Text;
using Reactivation.Infra.Measurement;
using static Reactivation.Functions.Pages.SvgChart;

namespace Reactivation.Functions.Pages;

/// <summary>
/// Draws a <see cref="JourneyMapLayout"/> as inline SVG: a box per step with its live counts, an arrow per path with its
/// label. Positions come from the layout; this only draws them.
/// </summary>
public static class SvgJourneyMap
{
    private const int LabelChars = 20;

    /// <summary>The room right of the boxes for the paths that do not lead to the next level down (loops back, long jumps): a lane each.</summary>
    private const double LoopRoom = 20;

    private const double LaneGap = 14;

    /// <summary>The map as an <c>svg</c> element with id <c>journey-map</c>.</summary>
    public static string Render(JourneyMapLayout layout, JourneyMapCounts counts, JourneyMapText t)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(t);
        var loops = layout.Edges.Where(e => !IsForward(layout, e)).ToList();
        var labels = new StringBuilder("<g class=\"edge-labels\">");
        var width = layout.Width + (loops.Count == 0 ? 0 : LoopRoom + loops.Count * LaneGap);
        var svg = new StringBuilder()
            .Append($"<svg xmlns=\"{Namespace}\" id=\"journey-map\" class=\"map\" role=\"img\" aria-label=\"{Text(t.MapLabel)}\"")
            .Append($" viewBox=\"0 0 {Number(width)} {Number(layout.Height)}\" width=\"{Number(width)}\" height=\"{Number(layout.Height)}\">")
            .Append($"<title>{Text(t.MapLabel)}</title>");

        svg.Append("<g class=\"edges\">");
        foreach (var group in layout.Edges.GroupBy(e => e.From, StringComparer.Ordinal))
        {
            var list = group.ToList();
            for (var i = 0; i < list.Count; i++)
            {
                var lane = loops.IndexOf(list[i]);
                svg.Append(lane < 0 ? Forward(layout, list[i], i, list.Count, t, labels) : Loop(layout, list[i], lane, i, list.Count, t, labels));
            }
        }

        svg.Append("</g><g class=\"steps\">");
        foreach (var node in layout.Nodes)
        {
            svg.Append(Node(node, counts.Of(node.StepId), node.StepId == layout.Start, t));
        }

        // The labels last, over boxes and lines, each with a halo, so none is hidden.
        return svg.Append("</g>").Append(labels).Append("</g></svg>").ToString();
    }

    private static bool IsForward(JourneyMapLayout layout, MapEdge edge) => layout.Node(edge.To).Level == layout.Node(edge.From).Level + 1;

    /// <summary>A path down to a later level: out of the source's bottom (fanned out by its place), into the target's top; its label stacked under the source by its place, so a step's labels never share a line.</summary>
    private static string Forward(JourneyMapLayout layout, MapEdge edge, int index, int count, JourneyMapText t, StringBuilder labels)
    {
        var (from, to) = (layout.Node(edge.From), layout.Node(edge.To));
        var sx = from.X + from.Width * (index + 1) / (count + 1);
        var sy = from.Y + from.Height;
        var ex = to.X + to.Width / 2;
        var ey = to.Y;
        var bend = Math.Max((ey - sy) / 2, 30);
        var path = $"M{Number(sx)},{Number(sy)} C{Number(sx)},{Number(sy + bend)} {Number(ex)},{Number(ey - bend)} {Number(ex)},{Number(ey - 7)}";
        var arrow = $"{Number(ex)},{Number(ey)} {Number(ex - 4)},{Number(ey - 8)} {Number(ex + 4)},{Number(ey - 8)}";
        labels.Append(EdgeLabel(edge, t.Label(edge), sx + 4, sy + 14 + index * 13));
        return EdgeGroup(edge, t.Label(edge), path, arrow);
    }

    /// <summary>
    /// A path back up, or down past the next level: out of the source's bottom (fanned out by its place, like the
    /// others), along the gap below it to its own lane right of every box, along the lane, then along the gap above the
    /// target into the target's top. Only gaps and lanes: it never crosses a box.
    /// </summary>
    private static string Loop(JourneyMapLayout layout, MapEdge edge, int lane, int index, int count, JourneyMapText t, StringBuilder labels)
    {
        var (from, to) = (layout.Node(edge.From), layout.Node(edge.To));
        var laneX = layout.Width + LaneGap * (lane + 1);
        var sx = from.X + from.Width * (index + 1) / (count + 1);
        var sy = from.Y + from.Height;
        var below = sy + 8 + lane % 5 * 5;
        var ex = to.X + to.Width - 12 - lane % 4 * 8;
        var above = to.Y - 10 - lane % 5 * 5;
        var path = $"M{Number(sx)},{Number(sy)} L{Number(sx)},{Number(below)} L{Number(laneX)},{Number(below)} L{Number(laneX)},{Number(above)} L{Number(ex)},{Number(above)} L{Number(ex)},{Number(to.Y - 7)}";
        var arrow = $"{Number(ex)},{Number(to.Y)} {Number(ex - 4)},{Number(to.Y - 8)} {Number(ex + 4)},{Number(to.Y - 8)}";
        labels.Append(EdgeLabel(edge, t.Label(edge), sx + 4, sy + 14 + index * 13));
        return EdgeGroup(edge, t.Label(edge), path, arrow);
    }

    private static string EdgeGroup(MapEdge edge, string label, string path, string arrow) =>
        $"<g class=\"edge {Kind(edge.Kind)}\" data-from=\"{Text(edge.From)}\" data-to=\"{Text(edge.To)}\" data-label=\"{Text(label)}\">"
        + $"<title>{Text($"{edge.From} → {edge.To}: {label}")}</title>"
        + $"<path d=\"{path}\" />"
        + $"<polygon points=\"{arrow}\" />"
        + "</g>";

    private static string EdgeLabel(MapEdge edge, string label, double x, double y) =>
        $"<g class=\"edge-label\"><title>{Text($"{edge.From} → {edge.To}: {label}")}</title>{Label(x, y, Shorten(label, LabelChars))}</g>";

    private static string Kind(MapEdgeKind kind) => kind switch
    {
        MapEdgeKind.OnFailure => "failure",
        MapEdgeKind.Timeout or MapEdgeKind.Otherwise or MapEdgeKind.IfNoOffer => "fallback",
        _ => "path",
    };

    private static string Node(MapNode node, StepCounts c, bool start, JourneyMapText t)
    {
        var (x, y) = (node.X, node.Y);
        var html = new StringBuilder()
            .Append($"<g class=\"step {Text(node.Kind)}{(start ? " start" : "")}\" id=\"step-{Text(node.StepId)}\" data-step=\"{Text(node.StepId)}\">")
            .Append($"<title>{Text(Summary(node, c, t))}</title>")
            .Append($"<rect x=\"{Number(x)}\" y=\"{Number(y)}\" width=\"{Number(node.Width)}\" height=\"{Number(node.Height)}\" rx=\"8\" />")
            .Append(Label(x + 10, y + 18, Shorten(node.StepId, 24), "class=\"step-id\""))
            .Append(Label(x + 10, y + 34, Shorten(node.Kind + (node.Detail.Length == 0 ? "" : " · " + node.Detail), 27), "class=\"step-kind\""));
        var lines = new List<string> { Counts((t.Entered, "entered", c.Entered), (t.Waiting, "waiting", c.WaitingNow)) };
        if (node.Kind == "send" || c.Sent + c.Failed + c.SkippedTotal > 0)
        {
            lines.Add(Counts((t.Sent, "sent", c.Sent), (t.Failed, "failed", c.Failed)));
            lines.Add(Counts((t.Skipped, "skipped", c.SkippedTotal)) + Breakdown(c.Skipped));
        }

        if (node.Kind == "exit" || c.ExitedTotal > 0)
        {
            lines.Add(Counts((t.Exited, "exited", c.ExitedTotal)) + Breakdown(c.Exited.ToDictionary(e => t.Outcome(e.Key), e => e.Value)));
        }

        for (var i = 0; i < lines.Count; i++)
        {
            html.Append($"<text x=\"{Number(x + 10)}\" y=\"{Number(y + 54 + i * 17)}\" class=\"counts\">{lines[i]}</text>");
        }

        if (start)
        {
            html.Append(Label(x + node.Width - 10, y + 18, t.StartLabel, "class=\"start-label\" text-anchor=\"end\""));
        }

        return html.Append("</g>").ToString();
    }

    private static string Counts(params (string Label, string Key, long Value)[] counts) => string.Join(
        " · ",
        counts.Select(c => $"{Text(c.Label)} <tspan class=\"count\" data-count=\"{c.Key}\">{Text(ReportFormat.Count(c.Value))}</tspan>"));

    private static string Breakdown(IReadOnlyDictionary<string, long> parts) =>
        parts.Count == 0 ? "" : Text(Shorten(" (" + string.Join(", ", parts.Select(p => $"{p.Key} {ReportFormat.Count(p.Value)}")) + ")", 18));

    /// <summary>Everything the box shows, unshortened, for its tooltip.</summary>
    private static string Summary(MapNode node, StepCounts c, JourneyMapText t) =>
        $"{node.StepId} ({node.Kind}{(node.Detail.Length == 0 ? "" : ": " + node.Detail)}) — "
        + JourneyMapReport.CountsLine(c, t);
}
