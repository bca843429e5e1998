using System.Text.RegularExpressions;

namespace Reactivation.Core.Journeys;

/// <summary>Checks a parsed definition and reports every problem with its location, so a bad journey never loads.</summary>
public static partial class JourneyValidator
{
    /// <summary>Every problem with <paramref name="definition"/>.</summary>
    /// <param name="definition">The parsed definition.</param>
    /// <param name="source">Where it came from, for the messages.</param>
    /// <param name="templates">Template id to the channel it is written for.</param>
    /// <param name="offers">The offer ids the catalogue knows, or null not to check them.</param>
    public static IReadOnlyList<DefinitionProblem> Validate(
        JourneyDefinition definition, string source, IReadOnlyDictionary<string, Channel> templates, IReadOnlySet<string>? offers = null)
    {
        var problems = new List<DefinitionProblem>();
        void Add(string location, string message) => problems.Add(new DefinitionProblem(source, location, message));

        if (!JourneyIdPattern().IsMatch(definition.Id))
        {
            Add("$.id", $"'{definition.Id}' is not a journey id: use 1 to 63 lower-case letters, digits and dashes, starting with a letter or digit");
        }

        if (definition.Version < 1)
        {
            Add("$.version", "must be 1 or more");
        }

        if (definition.CooldownDays < 0)
        {
            Add("$.cooldownDays", "must not be negative");
        }

        foreach (var (location, message) in definition.Measurement.Validate())
        {
            Add(location, message);
        }

        if (definition.Steps.Count == 0)
        {
            Add("$.steps", "a journey needs at least one step");
            return problems;
        }

        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < definition.Steps.Count; i++)
        {
            var step = definition.Steps[i];
            if (!StepIdPattern().IsMatch(step.Id))
            {
                Add(At(i, step, "id"), $"'{step.Id}' is not a step id: use letters, digits, dashes and underscores (at most 64)");
            }
            else if (!index.TryAdd(step.Id, i))
            {
                Add(At(i, step, "id"), $"step id '{step.Id}' is already used by $.steps[{index[step.Id]}]");
            }
        }

        if (!index.ContainsKey(definition.Start))
        {
            Add("$.start", $"unknown step '{definition.Start}'");
        }

        for (var i = 0; i < definition.Steps.Count; i++)
        {
            var step = definition.Steps[i];
            foreach (var (property, target) in step.Exits())
            {
                if (!index.ContainsKey(target))
                {
                    Add(At(i, step, property), $"unknown step '{target}'");
                }
            }

            foreach (var (property, message) in StepProblems(definition, step, templates, offers))
            {
                Add(At(i, step, property), message);
            }
        }

        if (index.ContainsKey(definition.Start))
        {
            var reachable = Reachable(definition, index);
            for (var i = 0; i < definition.Steps.Count; i++)
            {
                if (!reachable.Contains(definition.Steps[i].Id) && index.GetValueOrDefault(definition.Steps[i].Id, -1) == i)
                {
                    Add(At(i, definition.Steps[i], null), $"step '{definition.Steps[i].Id}' is unreachable from the start step '{definition.Start}'");
                }
            }
        }

        foreach (var loop in LoopsWithoutWait(definition, index))
        {
            var first = index[loop[0]];
            Add(At(first, definition.Steps[first], null), $"loop with no wait: {string.Join(" -> ", loop)} -> {loop[0]} would run forever without pausing");
        }

        return problems;
    }

    private static IEnumerable<(string? Property, string Message)> StepProblems(JourneyDefinition definition, JourneyStep step, IReadOnlyDictionary<string, Channel> templates, IReadOnlySet<string>? offers)
    {
        switch (step)
        {
            case SendStep send:
                if (!templates.TryGetValue(send.Template, out var channel))
                {
                    yield return ("template", $"unknown template '{send.Template}'");
                }
                else if (channel != send.Channel)
                {
                    yield return ("template", $"template '{send.Template}' is written for {channel}, not {send.Channel}");
                }

                if (send.FallbackTemplate is { } fallback && (!templates.TryGetValue(fallback, out var fallbackChannel) || fallbackChannel != send.Channel))
                {
                    yield return ("fallbackTemplate", templates.ContainsKey(fallback) ? $"template '{fallback}' is not written for {send.Channel}" : $"unknown template '{fallback}'");
                }

                if (send.FallbackTemplate is not null && (send.Offer is null || send.RemindsOf is not null))
                {
                    yield return ("fallbackTemplate", "only a send that issues an offer can fall back");
                }

                if (offers is not null && send.Offer is { } offerId && send.RemindsOf is null && !offers.Contains(offerId))
                {
                    yield return ("offer", $"unknown offer '{offerId}' (the catalogue has {string.Join(", ", offers.Order(StringComparer.Ordinal))})");
                }

                if (send.RemindsOf is { } remindsOf && definition.FindStep(remindsOf) is not SendStep { Offer: not null, RemindsOf: null })
                {
                    yield return ("offer", $"'@{remindsOf}' is not a send step that issues an offer");
                }

                foreach (var problem in send.Retry?.Validate() ?? [])
                {
                    yield return ("retry", problem);
                }

                break;
            case WaitStep { BeforeExpiryOf: { } offerStep } reminder:
                if (definition.FindStep(offerStep) is not SendStep { Offer: { } offer } || offer.StartsWith('@'))
                {
                    yield return ("beforeExpiryOf", $"'{offerStep}' is not a send step that issues an offer");
                }

                if (reminder.IfNoOffer is null)
                {
                    yield return ("ifNoOffer", "a wait before an offer's expiry needs ifNoOffer, for when no offer was issued or it has expired");
                }

                if (reminder.Duration is not null)
                {
                    yield return ("duration", "a wait before an offer's expiry takes 'before', not a duration");
                }

                if (reminder.Before <= TimeSpan.Zero)
                {
                    yield return ("before", "must be positive");
                }

                break;
            case WaitStep wait:
                if (wait.Duration is null && wait.Window is null)
                {
                    yield return (null, "a wait needs a duration, a window or both");
                }

                if (wait.Duration < TimeSpan.Zero)
                {
                    yield return ("duration", "must not be negative");
                }

                if (wait.Window is { } window && window.From == window.To)
                {
                    yield return ("window", "from and to must differ");
                }

                break;
            case WaitForStep waitFor:
                if (waitFor.Events.Count == 0)
                {
                    yield return ("events", "a waitFor needs at least one event");
                }

                if (waitFor.Timeout <= TimeSpan.Zero)
                {
                    yield return ("timeout", "must be positive");
                }

                foreach (var duplicate in waitFor.Events.GroupBy(e => e.Event, StringComparer.Ordinal).Where(g => g.Count() > 1))
                {
                    yield return ("events", $"event '{duplicate.Key}' is listed more than once");
                }

                for (var i = 0; i < waitFor.Events.Count; i++)
                {
                    if (!EventNamePattern().IsMatch(waitFor.Events[i].Event))
                    {
                        yield return ($"events[{i}].event", $"'{waitFor.Events[i].Event}' is not an event name: use letters and digits, starting with a letter");
                    }
                }

                break;
            case SplitStep split:
                if (split.Variants.Count < 2)
                {
                    yield return ("variants", "a split needs at least two variants");
                }

                for (var i = 0; i < split.Variants.Count; i++)
                {
                    if (split.Variants[i].Weight <= 0)
                    {
                        yield return ($"variants[{i}].weight", "must be positive");
                    }

                    if (string.IsNullOrWhiteSpace(split.Variants[i].Name))
                    {
                        yield return ($"variants[{i}].name", "is required");
                    }
                }

                if (split.Variants.Sum(v => v.Weight) is var total && total != 100)
                {
                    yield return ("variants", $"weights add up to {total}, not 100");
                }

                foreach (var duplicate in split.Variants.GroupBy(v => v.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
                {
                    yield return ("variants", $"variant name '{duplicate.Key}' is used more than once");
                }

                break;
        }
    }

    private static HashSet<string> Reachable(JourneyDefinition definition, Dictionary<string, int> index)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { definition.Start };
        var pending = new Stack<string>([definition.Start]);
        while (pending.TryPop(out var id))
        {
            foreach (var (_, target) in definition.Steps[index[id]].Exits())
            {
                if (index.ContainsKey(target) && seen.Add(target))
                {
                    pending.Push(target);
                }
            }
        }

        return seen;
    }

    // A cycle through steps that never pause (sends, branches, splits, zero or window-only waits) would spin without end; each
    // such cycle is reported once, by its members in path order.
    private static List<List<string>> LoopsWithoutWait(JourneyDefinition definition, Dictionary<string, int> index)
    {
        // A window alone does not pause a loop: the loop re-enters it inside the window, where it passes straight through.
        static bool Pauses(JourneyStep step) => step is WaitForStep || step is WaitStep { Duration: { } d } && d > TimeSpan.Zero;

        var loops = new List<List<string>>();
        var state = new Dictionary<string, int>(StringComparer.Ordinal);
        var path = new List<string>();
        var reported = new HashSet<string>(StringComparer.Ordinal);

        void Visit(string id)
        {
            state[id] = 1;
            path.Add(id);
            foreach (var (_, target) in definition.Steps[index[id]].Exits())
            {
                if (!index.TryGetValue(target, out var targetIndex) || Pauses(definition.Steps[targetIndex]))
                {
                    continue;
                }

                switch (state.GetValueOrDefault(target))
                {
                    case 0:
                        Visit(target);
                        break;
                    case 1:
                        var loop = path[path.IndexOf(target)..];
                        if (reported.Add(string.Join(",", loop.Order(StringComparer.Ordinal))))
                        {
                            loops.Add([.. loop]);
                        }

                        break;
                }
            }

            path.RemoveAt(path.Count - 1);
            state[id] = 2;
        }

        foreach (var step in definition.Steps)
        {
            if (!Pauses(step) && index.GetValueOrDefault(step.Id, -1) >= 0 && state.GetValueOrDefault(step.Id) == 0)
            {
                Visit(step.Id);
            }
        }

        return loops;
    }

    private static string At(int i, JourneyStep step, string? property) =>
        property is null ? $"$.steps[{i}] ({step.Id})" : $"$.steps[{i}] ({step.Id}).{property}";

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}$")]
    private static partial Regex JourneyIdPattern();

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex StepIdPattern();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{0,63}$")]
    private static partial Regex EventNamePattern();
}
