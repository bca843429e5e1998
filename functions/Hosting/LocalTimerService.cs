namespace Reactivation.Functions.Hosting;

/// <summary>The local host's scheduler: fires every timer function on the NCRONTAB schedule (UTC) its <c>%Setting%</c> names.</summary>
public sealed class LocalTimerService(AppFunctions functions, IServiceProvider services, TimeProvider clock, ILogger<LocalTimerService> logger)
    : BackgroundService
{
    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(functions.Timers.Select(f => RunAsync(f, stoppingToken)));

    private async Task RunAsync(AppFunction function, CancellationToken stoppingToken)
    {
        var cron = SweepSchedule.Parse(functions.ScheduleOf(function));
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = clock.GetUtcNow();
            if (cron.GetNextOccurrence(now.UtcDateTime, TimeZoneInfo.Utc) is not { } next)
            {
                return;
            }

            await Task.Delay(next - now.UtcDateTime, clock, stoppingToken).ConfigureAwait(false);
            try
            {
                // The function takes the latest occurrence at or before the time it runs, which is this one.
                await LocalInvocation.TimerAsync(function, services, stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Like the Functions host, a failed timer is not retried; it runs again at the next occurrence.
                logger.LogError(ex, "{Function} failed; it runs again at its next occurrence", function.Name);
            }
        }
    }
}
