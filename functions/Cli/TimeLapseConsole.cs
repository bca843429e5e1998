using Microsoft.DurableTask.Client;
using System.Diagnostics;
using System.Globalization;
using Reactivation.Core.Journeys;
using Reactivation.Core.Measurement;
using Reactivation.Core.Measurement.Simulation;
using Reactivation.Infra.Journeys;
using Reactivation.Infra.Local;
using Reactivation.Infra.Measurement;
using Spectre.Console;

namespace Reactivation.Functions.Cli;

/// <summary>Shows the time-lapse: day 0's enrollments and outbox, one line per simulated day, then each journey's lift against the truth and the largest journey's report.</summary>
public static class TimeLapseConsole
{
    /// <summary>Runs the time-lapse over the hand-offs waiting on the queue and prints it.</summary>
    /// <returns>Each journey's estimate next to the simulation's truth, and what every journey sent and failed to send.</returns>
    public static async Task<TimeLapseOutcome> RunAsync(
        IServiceProvider services, ShiftedClock clock, DemoSettings settings, CancellationToken cancellationToken)
    {
        var lapse = new TimeLapse(services, clock, ReturnBehaviour.Default, settings.Seed);
        var client = services.GetRequiredService<DurableTaskClient>();
        var started = 0;
        var total = Stopwatch.StartNew();
        await AnsiConsole.Status().StartAsync("Day 0: enrolling the hand-offs and sending the first messages", async _ =>
            started = await lapse.StartAsync(cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
        AnsiConsole.MarkupLine($"[bold]Day 0[/] ({clock.GetUtcNow():yyyy-MM-dd HH:mm} UTC): {started:N0} journeys started, "
            + $"{settings.HoldoutPercent:0.#}% of users held out (measured, never messaged); took {total.Elapsed.TotalSeconds:0.0} s.");
        await JourneyConsole.PrintAsync(client, services.GetRequiredService<OutboxChannel>(), cancellationToken).ConfigureAwait(false);

        Console.Out.WriteLine($"Time-lapse: {settings.Days} simulated days at {settings.SecondsPerDay.TotalSeconds:0.##} s a day. "
            + "Users come back on their own at known rates by segment, or answer their first message at known rates by channel, offer and tier.");
        Console.Out.WriteLine($"  {"day",-4} {"date",-10} {"sent",5} {"clicks",6} {"returned: treated",18} {"untreated",9} {"running",8} {"ended",6}");
        for (var day = 1; day <= settings.Days; day++)
        {
            var watch = Stopwatch.StartNew();
            var result = await lapse.RunDayAsync(day, cancellationToken).ConfigureAwait(false);
            var (running, ended) = await CountAsync(client, cancellationToken).ConfigureAwait(false);
            Console.Out.WriteLine($"  {day,-4} {result.At:yyyy-MM-dd} {result.Sent,5:N0} {result.Clicks,6:N0} {result.TreatedReturns,18:N0} {result.UntreatedReturns,9:N0} {running,8:N0} {ended,6:N0}");
            var rest = settings.SecondsPerDay - watch.Elapsed;
            if (rest > TimeSpan.Zero)
            {
                await Task.Delay(rest, cancellationToken).ConfigureAwait(false);
            }
        }

        Console.Out.WriteLine($"{settings.Days} days simulated in {total.Elapsed.TotalSeconds:0} s of wall-clock time.");
        var reports = services.GetRequiredService<JourneyReports>();
        var results = new List<(TimeLapseTruth, ArmResult?)>();
        Console.Out.WriteLine();
        Console.Out.WriteLine("Estimated lift against the truth (the return rate the journey added; the truth is what the simulation's users were set to do):");
        Console.Out.WriteLine($"  {"journey",-20} {"treated",8} {"untreated",9} {"estimated lift (95% CI)",-30} {"p",6} {"true lift",10} {"covered",8}");
        foreach (var truth in lapse.Truth())
        {
            var report = await reports.BuildAsync(truth.JourneyId, cancellationToken).ConfigureAwait(false);
            var treated = report?.Arms.FirstOrDefault(a => !a.IsBaseline && a.Arm is ArmNames.AllTreated or ArmNames.Treated) ?? report?.Arms.FirstOrDefault(a => !a.IsBaseline);
            results.Add((truth, treated));
            var estimate = treated?.Lift is { } l ? $"{ReportTable.Points(l.Difference)} [{ReportTable.Points(l.Lower)}, {ReportTable.Points(l.Upper)}]" : "— (no untreated users)";
            var covered = treated?.Lift is { } c ? (c.Lower <= truth.TrueLift && truth.TrueLift <= c.Upper ? "yes" : "no") : "—";
            Console.Out.WriteLine($"  {truth.JourneyId,-20} {truth.Treated,8:N0} {truth.Untreated,9:N0} {estimate,-30} "
                + $"{(treated?.Lift is { } p ? p.PValue.ToString("0.000", CultureInfo.InvariantCulture) : "—"),6} {ReportTable.Points(truth.TrueLift),10} {covered,8}");
        }

        // Every journey together: the programme's lift, with the most users behind it.
        var pooled = await PooledAsync(reports, results.Select(r => r.Item1).ToList(), cancellationToken).ConfigureAwait(false);
        if (pooled is { } all)
        {
            Console.Out.WriteLine($"  {"all journeys",-20} {all.Treated,8:N0} {all.Untreated,9:N0} {$"{ReportTable.Points(all.Lift.Difference)} [{ReportTable.Points(all.Lift.Lower)}, {ReportTable.Points(all.Lift.Upper)}]",-30} "
                + $"{all.Lift.PValue.ToString("0.000", CultureInfo.InvariantCulture),6} {ReportTable.Points(all.TrueLift),10} {(all.Lift.Lower <= all.TrueLift && all.TrueLift <= all.Lift.Upper ? "yes" : "no"),8}");
        }

        // The report is built from roll-ups of facts the app recorded; the simulation kept its own tally of who came back.
        var agreeing = results.Count(r => r.Item2 is { } arm && r.Item1.Treated == arm.Users && r.Item1.TreatedReturned == arm.Returned);
        var baselines = 0;
        foreach (var (truth, _) in results)
        {
            var report = await reports.BuildAsync(truth.JourneyId, cancellationToken).ConfigureAwait(false);
            baselines += report?.Arms.FirstOrDefault(a => a.IsBaseline) is { } b && b.Users == truth.Untreated && b.Returned == truth.UntreatedReturned ? 1 : 0;
        }

        Console.Out.WriteLine($"Check: the reports count the users and returns the simulation made, treated in {agreeing} of {results.Count} journeys and untreated in {baselines} of {results.Count}.");
        var largest = lapse.Truth().OrderByDescending(t => t.Treated + t.Untreated).FirstOrDefault();
        if (largest is not null && await reports.BuildAsync(largest.JourneyId, cancellationToken).ConfigureAwait(false) is { } full)
        {
            Console.Out.WriteLine();
            AnsiConsole.MarkupLine($"[bold]The report[/] of the largest journey (also: [grey]report {largest.JourneyId}[/], GET /api/reports/journeys/{largest.JourneyId}):");
            await ReportTable.WriteAsync(full, Console.Out, cancellationToken).ConfigureAwait(false);
        }

        // Counted from the reports, so sends through a provider count as well as the outbox's.
        var (sent, failed) = (0L, 0L);
        foreach (var definition in await services.GetRequiredService<JourneyLibrary>().LatestAsync(cancellationToken).ConfigureAwait(false))
        {
            if (await reports.BuildAsync(definition.Id, cancellationToken).ConfigureAwait(false) is { } report)
            {
                (sent, failed) = (sent + report.Channels.Sum(c => c.Sent), failed + report.Channels.Sum(c => c.Failed));
            }
        }

        Console.Out.WriteLine($"Messages sent over the run: {sent:N0} ({failed:N0} failed for good).");
        return new TimeLapseOutcome(results, sent, failed);
    }

    // Sums every journey's arms from its report; the true lift is the treated users' average over all journeys.
    private static async Task<(long Treated, long Untreated, ProportionComparison Lift, double TrueLift)?> PooledAsync(
        JourneyReports reports, IReadOnlyList<TimeLapseTruth> truths, CancellationToken cancellationToken)
    {
        var (treated, treatedReturned, untreated, untreatedReturned) = (0L, 0L, 0L, 0L);
        foreach (var truth in truths)
        {
            if (await reports.BuildAsync(truth.JourneyId, cancellationToken).ConfigureAwait(false) is not { } report)
            {
                continue;
            }

            var baseline = report.Arms.First(a => a.IsBaseline);
            (untreated, untreatedReturned) = (untreated + baseline.Users, untreatedReturned + baseline.Returned);
            var arms = report.Arms.Where(a => !a.IsBaseline && a.Arm != ArmNames.AllTreated).ToList();
            (treated, treatedReturned) = (treated + arms.Sum(a => a.Users), treatedReturned + arms.Sum(a => a.Returned));
        }

        var treatedUsers = truths.Sum(t => t.Treated);
        var trueLift = treatedUsers == 0 ? 0 : truths.Sum(t => t.TrueLift * t.Treated) / treatedUsers;
        return ProportionComparison.Of(treatedReturned, treated, untreatedReturned, untreated) is { } lift ? (treated, untreated, lift, trueLift) : null;
    }

    private static async Task<(int Running, int Ended)> CountAsync(DurableTaskClient client, CancellationToken cancellationToken)
    {
        var (running, ended) = (0, 0);
        await foreach (var instance in JourneyConsole.AllAsync(client, new InstanceQuery(null, null, null, null), cancellationToken).ConfigureAwait(false))
        {
            (running, ended) = instance.IsTerminal ? (running, ended + 1) : (running + 1, ended);
        }

        return (running, ended);
    }
}

/// <summary>What a time-lapse ended with.</summary>
/// <param name="Journeys">Each journey's estimate next to the simulation's truth.</param>
/// <param name="Sent">Messages every journey sent, by any channel.</param>
/// <param name="Failed">Sends that failed for good.</param>
public sealed record TimeLapseOutcome(IReadOnlyList<(TimeLapseTruth Truth, ArmResult? Treated)> Journeys, long Sent, long Failed);
