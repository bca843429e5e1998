using Reactivation.Core.Journeys;

namespace Reactivation.Core.Measurement;

/// <summary>Builds a <see cref="JourneyReport"/> from a journey's metrics rows. Pure: the rows, the settings and the time in, the report out.</summary>
public static class JourneyReportBuilder
{
    private static readonly int[] SpendWindows = [30, 60, 90];

    /// <summary>The report.</summary>
    /// <param name="journeyId">The journey.</param>
    /// <param name="name">Its readable name.</param>
    /// <param name="measurement">Its measurement settings (minimum detectable lift, activation target).</param>
    /// <param name="rows">Every metrics row of the journey.</param>
    /// <param name="returnWindow">The return window returns were counted in.</param>
    /// <param name="asOf">Now: which return cohorts have matured.</param>
    public static JourneyReport Build(string journeyId, string? name, JourneyMeasurement measurement, IReadOnlyList<MetricRow> rows, TimeSpan returnWindow, DateTimeOffset asOf)
    {
        var totals = MetricCounters.Sum(rows.Select(r => r.Counters));
        var untreated = MetricCounters.Sum(rows.Where(r => ArmNames.IsUntreated(r.Dimensions.Arm)).Select(r => r.Counters));
        var treated = MetricCounters.Sum(rows.Where(r => !ArmNames.IsUntreated(r.Dimensions.Arm)).Select(r => r.Counters));
        var warnings = new List<string>();
        var arms = Arms(rows, untreated, treated, measurement, warnings);
        var today = MetricFact.DayOf(asOf);
        var lastEnrollment = rows.Where(r => r.Counters.Enrolled > 0).Select(r => (DateOnly?)r.Day).Max();
        // A user enrolled late on the last day has a window that ends late on its closing day: returns still arrive that day.
        if (lastEnrollment is { } last && last.AddDays((int)Math.Ceiling(returnWindow.TotalDays)) >= today)
        {
            warnings.Add($"Returns are still being counted: the {(int)returnWindow.TotalDays}-day return window of users enrolled on {last:yyyy-MM-dd} closes on {last.AddDays((int)Math.Ceiling(returnWindow.TotalDays)):yyyy-MM-dd}.");
        }

        return new JourneyReport
        {
            JourneyId = journeyId,
            Name = name,
            From = rows.Count == 0 ? null : rows.Min(r => r.Day),
            To = rows.Count == 0 ? null : rows.Max(r => r.Day),
            GeneratedAt = asOf,
            ReturnWindowDays = (int)Math.Round(returnWindow.TotalDays),
            Totals = totals,
            Funnel =
            [
                new("enrolled", totals.Enrolled),
                new("treated", totals.Enrolled - totals.HeldOut),
                new("reached", treated.Reached),
                new("messages sent", treated.Sent),
                new("messages delivered", treated.Delivered),
                new("messages clicked", treated.Clicked),
                new("returned", treated.Returned),
                new("purchased", treated.Purchasers),
            ],
            Kpis = Kpis(rows, totals, treated, measurement, today),
            Arms = arms,
            Daily = rows.GroupBy(r => r.Day).OrderBy(g => g.Key).Select(g =>
            {
                var day = MetricCounters.Sum(g.Select(r => r.Counters));
                return new DailyPoint(g.Key, day.Enrolled, day.Sent, day.Clicked, day.Returned, day.Cost);
            }).ToList(),
            Skips = rows.Where(r => r.Counters.Skipped > 0).GroupBy(r => r.Dimensions.Reason)
                .Select(g => new ReasonCount(g.Key, g.Sum(r => r.Counters.Skipped))).OrderByDescending(s => s.Count).ThenBy(s => s.Reason, StringComparer.Ordinal).ToList(),
            Channels = rows.Where(r => r.Dimensions.Channel.Length > 0).GroupBy(r => r.Dimensions.Channel).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
            {
                var c = MetricCounters.Sum(g.Select(r => r.Counters));
                return new ChannelResult(g.Key, c.Sent, c.Failed, c.Cost, c.Returned, c.Returned > 0 ? c.Cost / c.Returned : null);
            }).ToList(),
            Segments = Segments(rows),
            Steps = rows.Where(r => r.Dimensions.Step.Length > 0).GroupBy(r => (r.Dimensions.Step, r.Dimensions.Channel)).OrderBy(g => g.Key.Step, StringComparer.Ordinal)
                .Select(g =>
                {
                    var c = MetricCounters.Sum(g.Select(r => r.Counters));
                    return new StepResult(g.Key.Step, g.Key.Channel, c.Sent, c.Skipped, c.Delivered, c.Clicked, c.Returned);
                }).ToList(),
            Warnings = warnings,
        };
    }

    private static string Percent(double rate, string format) => (rate * 100).ToString(format, System.Globalization.CultureInfo.InvariantCulture) + "%";

    private static List<ArmResult> Arms(IReadOnlyList<MetricRow> rows, MetricCounters untreated, MetricCounters treated, JourneyMeasurement measurement, List<string> warnings)
    {
        var baselineRate = untreated.Enrolled > 0 ? (double)untreated.Returned / untreated.Enrolled : (double?)null;
        var needed = baselineRate is > 0 and < 1 ? SampleSize.PerArm(baselineRate.Value, measurement.MinimumDetectableLift, relative: true).PerArm : null;
        var arms = new List<ArmResult>
        {
            new() { Arm = ArmNames.Untreated, IsBaseline = true, Users = untreated.Enrolled, Returned = untreated.Returned, ReturnRate = baselineRate, Cost = untreated.Cost },
        };
        var treatedArms = rows.Where(r => !ArmNames.IsUntreated(r.Dimensions.Arm)).GroupBy(r => r.Dimensions.Arm)
            .OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (g.Key, Counters: MetricCounters.Sum(g.Select(r => r.Counters)))).ToList();
        if (treatedArms.Count > 1)
        {
            treatedArms.Insert(0, (ArmNames.AllTreated, treated));
        }

        foreach (var (arm, counters) in treatedArms)
        {
            var lift = ProportionComparison.Of(counters.Returned, counters.Enrolled, untreated.Returned, untreated.Enrolled);
            var incremental = lift is null ? (double?)null : lift.Difference * counters.Enrolled;
            var tooSmall = needed is { } n && (counters.Enrolled < n || untreated.Enrolled < n);
            arms.Add(new ArmResult
            {
                Arm = arm,
                Users = counters.Enrolled,
                Returned = counters.Returned,
                ReturnRate = counters.Enrolled > 0 ? (double)counters.Returned / counters.Enrolled : null,
                Cost = counters.Cost,
                Lift = lift,
                IncrementalReturns = incremental,
                CostPerIncrementalReturn = incremental > 0 ? counters.Cost / incremental : null,
                NeededPerArm = needed,
                TooSmall = tooSmall,
            });
            if (tooSmall)
            {
                warnings.Add($"Arm '{arm}' is too small to detect a {Percent(measurement.MinimumDetectableLift, "0")} relative lift from a {Percent(baselineRate!.Value, "0.0")} baseline: "
                    + string.Create(System.Globalization.CultureInfo.InvariantCulture,
                        $"each arm needs {needed:N0} users (α 0.05, power 0.8); it has {counters.Enrolled:N0} and the untreated baseline {untreated.Enrolled:N0}."));
            }
        }

        if (untreated.Enrolled == 0 && treated.Enrolled > 0)
        {
            warnings.Add("No untreated users (holdout or control share): the journey's lift cannot be measured. Set Journeys:HoldoutPercent or the journey's measurement.controlPercent.");
        }

        return arms;
    }

    private static KpiSet Kpis(IReadOnlyList<MetricRow> rows, MetricCounters totals, MetricCounters treated, JourneyMeasurement measurement, DateOnly today)
    {
        // A return on day D may still be followed by a visit late on D+30, so its 30 days are over only from D+31.
        var matured30 = MetricCounters.Sum(rows.Where(r => r.Day.AddDays(ReturnTracking.RetentionDays) < today).Select(r => r.Counters));
        return new KpiSet
        {
            ActivationRate = treated.Reached > 0 ? (double)treated.ReturnedAfterReach / treated.Reached : null,
            ActivationTarget = measurement.ActivationTarget,
            WakeRate = totals.Enrolled > 0 ? (double)totals.Returned / totals.Enrolled : null,
            CostPerReactivation = treated.Returned > 0 ? totals.Cost / treated.Returned : null,
            ReturnsMatured30 = matured30.Returned,
            ReSilenceRate = matured30.Returned > 0 ? 1 - (double)matured30.Retained30 / matured30.Returned : null,
            SpendAfterReturn = SpendWindows.Select(days =>
            {
                var matured = MetricCounters.Sum(rows.Where(r => r.Day.AddDays(days) < today).Select(r => r.Counters));
                var after = days switch { 30 => matured.SpendAfter30, 60 => matured.SpendAfter60, _ => matured.SpendAfter90 };
                return matured.Returned > 0
                    ? new SpendWindow(days, matured.Returned, after / matured.Returned, matured.SpendBefore30 * days / 30 / matured.Returned)
                    : new SpendWindow(days, 0, null, null);
            }).ToList(),
        };
    }

    private static List<SegmentResult> Segments(IReadOnlyList<MetricRow> rows)
    {
        var result = new List<SegmentResult>();
        foreach (var (dimension, pick) in new (string, Func<MetricDimensions, string>)[]
        {
            ("band", d => d.Band), ("tier", d => d.Tier), ("cause", d => d.Cause), ("version", d => d.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        })
        {
            foreach (var group in rows.GroupBy(r => pick(r.Dimensions)).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                var all = MetricCounters.Sum(group.Select(r => r.Counters));
                if (all.Enrolled == 0)
                {
                    continue;
                }

                var untreated = MetricCounters.Sum(group.Where(r => ArmNames.IsUntreated(r.Dimensions.Arm)).Select(r => r.Counters));
                result.Add(new SegmentResult(dimension, group.Key, all.Enrolled, all.Returned, untreated.Enrolled, untreated.Returned,
                    all.Enrolled - untreated.Enrolled, all.Returned - untreated.Returned));
            }
        }

        return result;
    }
}
