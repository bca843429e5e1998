using Reactivation.Core.Journeys;

namespace Reactivation.Functions.Pages;

/// <summary>What an edge of the journey map stands for: the path of a step it leaves by.</summary>
public enum MapEdgeKind
{
    /// <summary>A send's or a wait's <c>next</c>.</summary>
    Next,

    /// <summary>A send's <c>onFailure</c>.</summary>
    OnFailure,

    /// <summary>A wait's <c>ifNoOffer</c>.</summary>
    IfNoOffer,

    /// <summary>A <c>waitFor</c> event; the detail is the event name.</summary>
    Event,

    /// <summary>A <c>waitFor</c> timeout; the detail is the duration.</summary>
    Timeout,

    /// <summary>A branch case; the detail is its condition.</summary>
    Case,

    /// <summary>A branch's <c>otherwise</c>.</summary>
    Otherwise,

    /// <summary>A split variant; the detail is its name and weight.</summary>
    Variant,
}

/// <summary>One step drawn as a box: its level (distance from the start, drawn top to bottom), its slot in the level (left to right), and its box in the SVG's coordinates.</summary>
/// <param name="StepId">The step's id.</param>
/// <param name="Kind">send, wait, waitFor, branch, split or exit.</param>
/// <param name="Detail">A short description (channel and template, duration, outcome...).</param>
/// <param name="Level">Steps from the start along the longest path without loops (unreachable steps go in a last level).</param>
/// <param name="Slot">Its place in its level.</param>
/// <param name="X">The box's left.</param>
/// <param name="Y">The box's top.</param>
/// <param name="Width">The box's width.</param>
/// <param name="Height">The box's height.</param>
public sealed record MapNode(string StepId, string Kind, string Detail, int Level, int Slot, double X, double Y, double Width, double Height)
{
    /// <summary>True when the boxes of the two nodes share any point.</summary>
    public bool Overlaps(MapNode other) => X < other.X + other.Width && other.X < X + Width && Y < other.Y + other.Height && other.Y < Y + Height;
}

/// <summary>One path from a step to another.</summary>
/// <param name="From">The step it leaves.</param>
/// <param name="To">The step it leads to.</param>
/// <param name="Kind">Which path of the step it is.</param>
/// <param name="Detail">The event, duration, condition or variant it is about ("" when nothing).</param>
/// <param name="Index">For cases, events and variants: the position in the step's list.</param>
public sealed record MapEdge(string From, string To, MapEdgeKind Kind, string Detail, int Index = 0);

/// <summary>A journey definition laid out for drawing, top to bottom: the start at the top, each level below the steps that lead to it.</summary>
public sealed record JourneyMapLayout(string JourneyId, int Version, string? Name, string Start, IReadOnlyList<MapNode> Nodes, IReadOnlyList<MapEdge> Edges, double Width, double Height)
{
    /// <summary>The width of a step's box.</summary>
    public const double NodeWidth = 190;

    /// <summary>The height of a step's box (room for its id, kind and four lines of counts).</summary>
    public const double NodeHeight = 112;

    /// <summary>The room between levels (for the edge labels).</summary>
    public const double LevelGap = 96;

    /// <summary>The room between the boxes of one level.</summary>
    public const double SlotGap = 70;

    /// <summary>The margin around the drawing.</summary>
    public const double Margin = 20;

    /// <summary>The node of <paramref name="stepId"/>.</summary>
    public MapNode Node(string stepId) => Nodes.First(n => n.StepId == stepId);

    /// <summary>
    /// Lays out <paramref name="definition"/>: every step a node, in levels by the longest path from the start (so every
    /// path points to a later level, except a loop back, which points to the same or an earlier one), in slots by the
    /// order a walk from the start meets them; steps the start cannot reach go in a last level; every path an edge.
    /// Pure: the same definition always gives the same drawing.
    /// </summary>
    public static JourneyMapLayout Of(JourneyDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var steps = definition.Steps.DistinctBy(s => s.Id).ToList();
        var known = steps.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        var edges = steps.SelectMany(EdgesOf).Where(e => known.Contains(e.To)).ToList();

        // Levels by the longest path from the start once the paths that loop back (to a step still on the walk) are
        // set aside, so every other path points down; slots in the order a walk from the start first meets the steps.
        var back = new HashSet<MapEdge>();
        var finished = new List<string>();
        var state = new Dictionary<string, bool>(StringComparer.Ordinal); // false: on the walk; true: done
        if (known.Contains(definition.Start))
        {
            Walk(definition.Start);
        }

        void Walk(string id)
        {
            state[id] = false;
            foreach (var edge in edges.Where(e => e.From == id))
            {
                if (!state.TryGetValue(edge.To, out var done))
                {
                    Walk(edge.To);
                }
                else if (!done)
                {
                    back.Add(edge);
                }
            }

            state[id] = true;
            finished.Add(id);
        }

        var levelOf = new Dictionary<string, int>(StringComparer.Ordinal);
        finished.Reverse();
        foreach (var id in finished)
        {
            levelOf.TryAdd(id, 0);
            foreach (var edge in edges.Where(e => e.From == id && !back.Contains(e)))
            {
                levelOf[edge.To] = Math.Max(levelOf.GetValueOrDefault(edge.To), levelOf[id] + 1);
            }
        }

        var order = new List<string>();
        if (known.Contains(definition.Start))
        {
            var seen = new HashSet<string>(StringComparer.Ordinal) { definition.Start };
            var queue = new Queue<string>([definition.Start]);
            while (queue.TryDequeue(out var id))
            {
                order.Add(id);
                foreach (var edge in edges.Where(e => e.From == id && seen.Add(e.To)))
                {
                    queue.Enqueue(edge.To);
                }
            }
        }

        var last = levelOf.Count == 0 ? 0 : levelOf.Values.Max() + 1;
        foreach (var step in steps.Where(s => !levelOf.ContainsKey(s.Id)))
        {
            levelOf[step.Id] = last;
            order.Add(step.Id);
        }

        var slots = new Dictionary<int, int>();
        var nodes = new List<MapNode>();
        foreach (var id in order)
        {
            var level = levelOf[id];
            var slot = slots.GetValueOrDefault(level);
            slots[level] = slot + 1;
            var step = steps.First(s => s.Id == id);
            nodes.Add(new MapNode(
                id, KindOf(step), DetailOf(step), level, slot,
                Margin + slot * (NodeWidth + SlotGap), Margin + level * (NodeHeight + LevelGap), NodeWidth, NodeHeight));
        }

        var levels = nodes.Count == 0 ? 0 : nodes.Max(n => n.Level) + 1;
        var widest = slots.Count == 0 ? 0 : slots.Values.Max();
        var width = 2 * Margin + Math.Max(widest, 1) * NodeWidth + Math.Max(widest - 1, 0) * SlotGap;
        var height = 2 * Margin + Math.Max(levels, 1) * NodeHeight + Math.Max(levels - 1, 0) * LevelGap;
        return new JourneyMapLayout(definition.Id, definition.Version, definition.Name, definition.Start, nodes, edges, width, height);
    }

    /// <summary>The paths of <paramref name="step"/>, labelled by what takes them.</summary>
    public static IEnumerable<MapEdge> EdgesOf(JourneyStep step)
    {
        ArgumentNullException.ThrowIfNull(step);
        switch (step)
        {
            case SendStep send:
                yield return new MapEdge(send.Id, send.Next, MapEdgeKind.Next, "");
                if (send.OnFailure is not null)
                {
                    yield return new MapEdge(send.Id, send.OnFailure, MapEdgeKind.OnFailure, "");
                }

                break;
            case WaitStep wait:
                yield return new MapEdge(wait.Id, wait.Next, MapEdgeKind.Next, WaitText(wait));
                if (wait.IfNoOffer is not null)
                {
                    yield return new MapEdge(wait.Id, wait.IfNoOffer, MapEdgeKind.IfNoOffer, "");
                }

                break;
            case WaitForStep waitFor:
                for (var i = 0; i < waitFor.Events.Count; i++)
                {
                    yield return new MapEdge(waitFor.Id, waitFor.Events[i].Next, MapEdgeKind.Event, waitFor.Events[i].Event, i);
                }

                yield return new MapEdge(waitFor.Id, waitFor.OnTimeout, MapEdgeKind.Timeout, DurationText.Format(waitFor.Timeout));
                break;
            case BranchStep branch:
                for (var i = 0; i < branch.Cases.Count; i++)
                {
                    yield return new MapEdge(branch.Id, branch.Cases[i].Next, MapEdgeKind.Case, ConditionText(branch.Cases[i].When), i);
                }

                yield return new MapEdge(branch.Id, branch.Otherwise, MapEdgeKind.Otherwise, "");
                break;
            case SplitStep split:
                for (var i = 0; i < split.Variants.Count; i++)
                {
                    var v = split.Variants[i];
                    yield return new MapEdge(split.Id, v.Next, MapEdgeKind.Variant, $"{v.Name} {v.Weight}%", i);
                }

                break;
        }
    }

    /// <summary>The kind as the definition's JSON spells it.</summary>
    public static string KindOf(JourneyStep step) => step switch
    {
        SendStep => "send",
        WaitStep => "wait",
        WaitForStep => "waitFor",
        BranchStep => "branch",
        SplitStep => "split",
        ExitStep => "exit",
        _ => step.GetType().Name,
    };

    /// <summary>A branch condition in the definition's own words, for example <c>bands=over12Months; channels=sms</c>.</summary>
    public static string ConditionText(StepCondition when)
    {
        ArgumentNullException.ThrowIfNull(when);
        var parts = new List<string>();
        Add(parts, "bands", when.Bands?.Select(b => Camel(b.ToString())));
        Add(parts, "tiers", when.Tiers?.Select(t => Camel(t.ToString())));
        Add(parts, "causes", when.Causes?.Select(c => Camel(c.ToString())));
        if (when.EarlyWarning is { } early)
        {
            parts.Add($"earlyWarning={(early ? "true" : "false")}");
        }

        Add(parts, "channels", when.Channels?.Select(c => Camel(c.ToString())));
        Add(parts, "consent", when.Consent?.Select(c => Camel(c.ToString())));
        Add(parts, "locales", when.Locales);
        Add(parts, "variants", when.Variants);
        return parts.Count == 0 ? "always" : string.Join("; ", parts);
    }

    private static void Add(List<string> parts, string name, IEnumerable<string>? values)
    {
        if (values is not null)
        {
            parts.Add($"{name}={string.Join(',', values)}");
        }
    }

    private static string Camel(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];

    private static string WaitText(WaitStep wait)
    {
        var parts = new List<string>();
        if (wait.Duration is { } duration)
        {
            parts.Add(DurationText.Format(duration));
        }

        if (wait.BeforeExpiryOf is { } of)
        {
            parts.Add($"{DurationText.Format(wait.Before ?? WaitStep.DefaultBeforeExpiry)} before {of}'s offer expires");
        }

        if (wait.Window is { } window)
        {
            parts.Add(FormattableString.Invariant($"{window.From:HH\\:mm}–{window.To:HH\\:mm}"));
        }

        return string.Join(", ", parts.Where(p => p.Length > 0));
    }

    private static string DetailOf(JourneyStep step) => step switch
    {
        SendStep send => $"{Camel(send.Channel.ToString())} · {send.Template}",
        WaitStep wait => WaitText(wait),
        WaitForStep waitFor => string.Join(", ", waitFor.Events.Select(e => e.Event)),
        BranchStep branch => $"{branch.Cases.Count} case(s)",
        SplitStep split => string.Join(" / ", split.Variants.Select(v => $"{v.Name} {v.Weight}%")),
        ExitStep exit => Camel(exit.Outcome.ToString()),
        _ => "",
    };
}
