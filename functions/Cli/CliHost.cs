namespace Reactivation.Functions.Cli;

/// <summary>A started host for one CLI verb: its services, stopped (leases and connections released) when disposed.</summary>
public sealed class CliHost(IHost host) : IAsyncDisposable
{
    /// <summary>The host's services.</summary>
    public IServiceProvider Services => host.Services;

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            if (host is IAsyncDisposable asynchronous)
            {
                await asynchronous.DisposeAsync().ConfigureAwait(false);
            }
            else
            {
                host.Dispose();
            }
        }
    }
}
