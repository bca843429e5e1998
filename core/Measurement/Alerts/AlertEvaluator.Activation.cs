namespace Reactivation.Core.Measurement.Alerts;

public static partial class AlertEvaluator
{
    // A week too small to judge is left out before runs are counted, so it neither breaks a run of low weeks nor extends one.
    private static IEnumerable<Alert> Activation(AlertInputs inputs, AlertThresholds thresholds, DateOnly today)
    {
        foreach (var journey in inputs.Activation.GroupBy(w => w.JourneyId, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var target = inputs.ActivationTargets.TryGetValue(journey.Key, out var own) ? own : thresholds.ActivationTarget;
            if (target is not (> 0 and <= 1))
            {
                throw new ArgumentException($"the activation target of journey '{journey.Key}' must be over 0 and at most 1", nameof(inputs));
            }

            var floor = thresholds.ActivationRatio * target;
            var judged = journey
                .GroupBy(w => MondayOf(w))
                .Select(week => (Start: week.Key, Reached: week.Sum(w => w.Reached), Returned: week.Sum(w => w.Returned)))
                .Where(week => week.Start.AddDays(7) <= today && week.Reached >= thresholds.MinReachedPerWeek)
                .OrderBy(week => week.Start)
                .ToList();
            var run = 0;
            while (run < judged.Count && Rate(judged[^(run + 1)]) < floor)
            {
                run++;
            }

            if (run < thresholds.ConsecutiveWeeks)
            {
                continue;
            }

            var streak = judged[^thresholds.ConsecutiveWeeks..];
            var pooled = (double)streak.Sum(w => w.Returned) / streak.Sum(w => w.Reached);
            var weeks = string.Join(", ", streak.Select(w => $"{Percent(Rate(w))} in the week of {Day(w.Start)}"));
            var message = $"Journey '{journey.Key}': activation rate {weeks}, under {Percent(floor)} " +
                $"({Percent(thresholds.ActivationRatio)} of its {Percent(target)} target) for {run} complete weeks in a row; review the strategy.";
            yield return new Alert(
                AlertRules.ActivationBelowTarget,
                run > thresholds.ConsecutiveWeeks ? AlertSeverity.Critical : AlertSeverity.Warning,
                AlertRules.JourneySubject(journey.Key),
                new AlertPeriod(streak[0].Start, streak[^1].Start.AddDays(6)),
                pooled,
                floor,
                message);
        }
    }

    private static double Rate((DateOnly Start, long Reached, long Returned) week) => (double)week.Returned / week.Reached;

    private static DateOnly MondayOf(WeeklyActivation week) => week.WeekStart.DayOfWeek == DayOfWeek.Monday
        ? week.WeekStart
        : throw new ArgumentException($"the week of journey '{week.JourneyId}' starts on {Day(week.WeekStart)}, not a Monday", "inputs");
}
