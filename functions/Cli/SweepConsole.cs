using Reactivation.Infra.Sweeps;
using Spectre.Console;

namespace Reactivation.Functions.Cli;

/// <summary>Runs a sweep's shards in this process with a progress bar, and prints summaries.</summary>
public static class SweepConsole
{
    /// <summary>Starts the sweep for <paramref name="asOf"/> and processes every shard here, showing users scanned.</summary>
    public static async Task<SweepRun> RunAsync(SweepRunner runner, DateTimeOffset asOf, int parallelism, CancellationToken cancellationToken)
    {
        var run = await runner.StartAsync(asOf, cancellationToken).ConfigureAwait(false);
        await AnsiConsole.Progress().AutoClear(false).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask($"sweep {run.SweepDate:yyyy-MM-dd}", maxValue: Math.Max(1, run.Users));
                var scanned = 0L;
                var progress = new Progress<int>(n =>
                {
                    var total = Interlocked.Add(ref scanned, n);
                    task.Value = Math.Min(total, task.MaxValue);
                    task.Description = $"sweep {run.SweepDate:yyyy-MM-dd}: {total:N0} users";
                });
                await Parallel.ForEachAsync(Enumerable.Range(0, run.ShardCount),
                    new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
                    async (shard, ct) => await runner.ProcessShardAsync(new SweepShardMessage(run.SweepDate, shard), progress, ct).ConfigureAwait(false))
                    .ConfigureAwait(false);
                task.Value = task.MaxValue;
            }).ConfigureAwait(false);
        return run;
    }

    /// <summary>Prints a summary as tables.</summary>
    public static void Print(SweepSummary summary)
    {
        var c = summary.Counts;
        AnsiConsole.MarkupLine($"[bold]Sweep {summary.Run.SweepDate:yyyy-MM-dd}[/] ({summary.Status}, {summary.ShardsComplete}/{summary.Run.ShardCount} shards, " +
            $"as of {summary.Run.AsOf:u}, took {summary.Duration?.TotalSeconds:0.0} s, mean spend {summary.Run.MeanSpend:N2}, " +
            $"previous sweep {summary.Run.PreviousSweepDate?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "none"})");
        AnsiConsole.MarkupLine($"{c.Scanned:N0} users scanned: [red]{c.Silent:N0} silent[/], [yellow]{c.EarlyWarnings:N0} early warnings[/]");
        var table = new Table().AddColumns("dimension", "value", "users");
        foreach (var (band, n) in c.ByBand)
        {
            table.AddRow("band", band.ToString(), n.ToString("N0", System.Globalization.CultureInfo.InvariantCulture));
        }

        foreach (var (tier, n) in c.SilentByTier)
        {
            table.AddRow("tier (silent)", tier.ToString(), n.ToString("N0", System.Globalization.CultureInfo.InvariantCulture));
        }

        foreach (var (cause, n) in c.SilentByCause)
        {
            table.AddRow("cause (silent)", cause.ToString(), n.ToString("N0", System.Globalization.CultureInfo.InvariantCulture));
        }

        foreach (var (reason, n) in c.Handoffs)
        {
            table.AddRow("hand-off", reason.ToString(), n.ToString("N0", System.Globalization.CultureInfo.InvariantCulture));
        }

        AnsiConsole.Write(table);
    }
}
