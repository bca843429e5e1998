namespace Reactivation.Functions.Hosting;

/// <summary>The local host's scheduler: fires every timer function of the catalogue on its NCRONTAB schedule (UTC).</summary>
public sealed class LocalTimerService(FunctionCatalogue catalogue, IServiceProvider services, TimeProvider clock, ILogger<LocalTimerService> logger)
    : BackgroundService
{
    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(catalogue.Functions.Where(f => f.Trigger == TriggerKind.Timer).Select(f => RunAsync(f, stoppingToken)));

    private async Task RunAsync(FunctionDefinition function, CancellationToken stoppingToken)
    {
        var cron = SweepSchedule.Parse(function.Schedule!);
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
                var handler = (ITimerHandler)services.GetRequiredService(function.Handler!);
                var log = await handler.HandleAsync(new DateTimeOffset(next, TimeSpan.Zero), stoppingToken).ConfigureAwait(false);
                logger.LogInformation("{Function}: {Log}", function.Name, log);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Like the Functions host, a failed timer is not retried; it runs again at the next occurrence.
                logger.LogError(ex, "{Function} failed; it runs again at its next occurrence", function.Name);
            }
        }
    }
}
