using System.Diagnostics;

namespace Reactivation.Benchmarks;

/// <summary>
/// Fires requests at a fixed rate whatever the answers do (open loop: a slow answer never delays the next request, so
/// queueing shows in the latencies instead of lowering the rate), and keeps each request's latency.
/// </summary>
public static class OpenLoopDriver
{
    /// <summary>Latencies in milliseconds (NaN for a request that failed) and the number of failures.</summary>
    public sealed record Run(double[] Milliseconds, int Errors, double Seconds);

    /// <summary>Sends request 0 to <paramref name="count"/> - 1 at <paramref name="rate"/> per second; <paramref name="send"/> answers whether the response was right.</summary>
    public static async Task<Run> RunAsync(string title, int count, int rate, Func<int, CancellationToken, Task<bool>> send, CancellationToken cancellationToken)
    {
        var latencies = new double[count];
        var errors = 0;
        var inFlight = new List<Task>(count);
        var watch = Stopwatch.StartNew();
        var next = 0;
        var lastReport = 0L;

        // A dedicated thread wakes about every millisecond and starts every request whose time has come, so timer
        // granularity bunches requests by a millisecond at most instead of slowing the rate.
        await Task.Factory.StartNew(() =>
        {
            while (next < count)
            {
                var due = (int)Math.Min(count, watch.Elapsed.TotalSeconds * rate + 1);
                for (; next < due; next++)
                {
                    var i = next;
                    inFlight.Add(Task.Run(async () =>
                    {
                        var started = Stopwatch.GetTimestamp();
                        bool ok;
                        try
                        {
                            ok = await send(i, cancellationToken);
                        }
                        catch (Exception) when (!cancellationToken.IsCancellationRequested)
                        {
                            ok = false;
                        }

                        latencies[i] = ok ? Stopwatch.GetElapsedTime(started).TotalMilliseconds : double.NaN;
                        if (!ok)
                        {
                            Interlocked.Increment(ref errors);
                        }
                    }, cancellationToken));
                }

                if (watch.ElapsedMilliseconds - lastReport >= 5_000)
                {
                    lastReport = watch.ElapsedMilliseconds;
                    Console.WriteLine($"  {title}: {next:N0}/{count:N0} sent after {watch.Elapsed.TotalSeconds:0} s, {Volatile.Read(ref errors):N0} errors");
                }

                Thread.Sleep(1);
            }
        }, cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        await Task.WhenAll(inFlight);
        Console.WriteLine($"  {title}: {count:N0} sent in {watch.Elapsed.TotalSeconds:0.0} s, {errors:N0} errors");
        return new Run(latencies, errors, watch.Elapsed.TotalSeconds);
    }

    /// <summary>The <paramref name="percentile"/> (0 to 100) of the successful latencies.</summary>
    public static double Percentile(double[] milliseconds, double percentile)
    {
        var sorted = milliseconds.Where(m => !double.IsNaN(m)).Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(percentile / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}
