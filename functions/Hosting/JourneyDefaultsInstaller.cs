namespace Reactivation.Functions.Hosting;

/// <summary>Installs the default journeys when the host starts, so a definition error stops the app before it serves.</summary>
public sealed class JourneyDefaultsInstaller(JourneyDefaults defaults) : IHostedService
{
    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken) => defaults.EnsureInstalledAsync(cancellationToken);

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
