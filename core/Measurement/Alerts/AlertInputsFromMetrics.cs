namespace Reactivation.Core.Measurement.Alerts;

/// <summary>The alert rules' inputs, summed from metrics rows (the same roll-ups reports read).</summary>
public static class AlertInputsFromMetrics
{
    /// <summary>Weeks of activation history the rules look back over.</summary>
    public const int WeeksBack = 4;

    /// <summary>
    /// Weekly activation per journey (treated users reached, and of them returned, by the day the row counts on), each
    /// channel's cost and attributed returns over the 7 days before <paramref name="asOf"/>, and sends and failures on the
    /// day before it, per channel and in all.
    /// </summary>
    /// <param name="rows">Metrics rows of every journey covering at least the last <see cref="WeeksBack"/> weeks.</param>
    /// <param name="targets">Each journey's activation target.</param>
    /// <param name="asOf">When the rules run.</param>
    public static AlertInputs Build(IReadOnlyList<MetricRow> rows, IReadOnlyDictionary<string, double> targets, DateTimeOffset asOf)
    {
        var today = MetricFact.DayOf(asOf);
        var treated = rows.Where(r => !ArmNames.IsUntreated(r.Dimensions.Arm)).ToList();
        var lastWeek = treated.Where(r => r.Day >= today.AddDays(-7) && r.Day < today).ToList();
        var yesterday = treated.Where(r => r.Day == today.AddDays(-1)).ToList();
        return new AlertInputs
        {
            Activation = treated.GroupBy(r => (r.JourneyId, Week: MondayOf(r.Day)))
                .Select(g => new WeeklyActivation(g.Key.JourneyId, g.Key.Week, g.Sum(r => r.Counters.Reached), g.Sum(r => r.Counters.ReturnedAfterReach)))
                .OrderBy(w => w.JourneyId, StringComparer.Ordinal).ThenBy(w => w.WeekStart).ToList(),
            ActivationTargets = targets,
            ChannelCosts = lastWeek.Where(r => r.Dimensions.Channel.Length > 0).GroupBy(r => r.Dimensions.Channel)
                .Select(g => new ChannelCost(g.Key, g.Sum(r => r.Counters.Cost), g.Sum(r => r.Counters.Returned))).ToList(),
            ChannelWindow = AlertPeriod.DaysBefore(today, 7),
            Sends = yesterday.Where(r => r.Dimensions.Channel.Length > 0).GroupBy(r => r.Dimensions.Channel)
                .Select(g => new SendHealth(g.Key, g.Sum(r => r.Counters.Sent + r.Counters.Failed), g.Sum(r => r.Counters.Failed)))
                .Append(new SendHealth(SendHealth.AllChannels, yesterday.Sum(r => r.Counters.Sent + r.Counters.Failed), yesterday.Sum(r => r.Counters.Failed)))
                .ToList(),
            SendWindow = AlertPeriod.DaysBefore(today, 1),
        };
    }

    private static DateOnly MondayOf(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
}
