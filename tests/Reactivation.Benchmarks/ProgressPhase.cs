using Spectre.Console;
using Stopwatch = System.Diagnostics.Stopwatch;

namespace Reactivation.Benchmarks;

/// <summary>Runs numbered work items with a fixed number in flight under a Spectre.Console progress bar, and times them.</summary>
public static class ProgressPhase
{
    private static readonly TimeSpan Refresh = TimeSpan.FromMilliseconds(250);

    /// <summary>Runs <paramref name="item"/> for 0 to <paramref name="count"/> - 1, <paramref name="parallelism"/> at a time.</summary>
    /// <returns>The seconds the items took, from the first start to the last end.</returns>
    public static async Task<double> RunAsync(
        string title, int count, int parallelism, Func<int, CancellationToken, ValueTask> item, CancellationToken cancellationToken)
    {
        var seconds = 0.0;
        await AnsiConsole.Progress().AutoClear(false).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var bar = context.AddTask(title, maxValue: count);
                var done = 0;
                var watch = Stopwatch.StartNew();
                var work = Parallel.ForEachAsync(
                    Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken }, async (i, ct) =>
                    {
                        await item(i, ct);
                        Interlocked.Increment(ref done);
                    });

                // The workers only count; the bar is moved from here, so the display adds no lock to the work being timed.
                while (await Task.WhenAny(work, Task.Delay(Refresh, cancellationToken)) != work)
                {
                    bar.Value = Volatile.Read(ref done);
                }

                await work;
                seconds = watch.Elapsed.TotalSeconds;
                bar.Value = count;
                bar.Description = $"{title}: {count / seconds:N0}/s";
            });
        return seconds;
    }
}
