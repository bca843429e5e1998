using Reactivation.Infra.Measurement;

namespace Reactivation.Functions.Pages;

/// <summary>The journey map as plain text (what <c>journeys show</c> prints): each step with its counts, then its paths with their labels.</summary>
public static class JourneyMapReport
{
    /// <summary>A step's counts on one line: entered, waiting, sent, failed, skipped by reason, exited by outcome.</summary>
    public static string CountsLine(StepCounts c, JourneyMapText t)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(t);
        return $"{t.Entered} {ReportFormat.Count(c.Entered)}, {t.Waiting} {ReportFormat.Count(c.WaitingNow)}, "
            + $"{t.Sent} {ReportFormat.Count(c.Sent)}, {t.Failed} {ReportFormat.Count(c.Failed)}, "
            + $"{t.Skipped} {ReportFormat.Count(c.SkippedTotal)}{Breakdown(c.Skipped)}, "
            + $"{t.Exited} {ReportFormat.Count(c.ExitedTotal)}{Breakdown(c.Exited.ToDictionary(e => t.Outcome(e.Key), e => e.Value))}";
    }

    /// <summary>The holdout beside the map, on one line.</summary>
    public static string HoldoutLine(JourneyMapCounts counts, JourneyMapText t)
    {
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(t);
        return JourneyMapText.Format(t.InstancesFormat, ReportFormat.Count(counts.Instances)) + "; "
            + JourneyMapText.Format(t.HoldoutFormat, Share(counts.HeldOut, counts.Instances), ReportFormat.Percent(counts.HoldoutPercent / 100)) + "; "
            + JourneyMapText.Format(t.ControlFormat, Share(counts.Control, counts.Instances), ReportFormat.Percent(counts.ControlPercent / 100));
    }

    /// <summary>A count with its share of <paramref name="of"/>, for example <c>3 (7.5%)</c>.</summary>
    public static string Share(long count, long of) =>
        $"{ReportFormat.Count(count)} ({(of == 0 ? ReportFormat.Dash : ReportFormat.Percent((double)count / of))})";

    /// <summary>The whole map as lines of text, steps in the layout's order.</summary>
    public static IEnumerable<string> Lines(JourneyMapLayout layout, JourneyMapCounts counts, JourneyMapText t)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(t);
        yield return $"{JourneyMapText.Format(t.TitleFormat, layout.Name ?? layout.JourneyId)} ({layout.JourneyId}, {JourneyMapText.Format(t.VersionFormat, layout.Version)})";
        yield return $"{t.HoldoutHeading}: {HoldoutLine(counts, t)}";
        foreach (var node in layout.Nodes)
        {
            yield return "";
            yield return $"{node.StepId} [{node.Kind}{(node.Detail.Length == 0 ? "" : ": " + node.Detail)}]{(node.StepId == layout.Start ? " (" + t.StartLabel + ")" : "")}";
            yield return "  " + CountsLine(counts.Of(node.StepId), t);
            foreach (var edge in layout.Edges.Where(e => e.From == node.StepId))
            {
                yield return $"  --[{t.Label(edge)}]--> {edge.To}";
            }
        }
    }

    private static string Breakdown(IReadOnlyDictionary<string, long> parts) =>
        parts.Count == 0 ? "" : " (" + string.Join(", ", parts.Select(p => $"{p.Key} {ReportFormat.Count(p.Value)}")) + ")";
}
