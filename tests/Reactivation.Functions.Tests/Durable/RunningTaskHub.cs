using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Reactivation.Functions.Durable;

namespace Reactivation.Functions.Tests.Durable;

/// <summary>A started generic host with the local Durable Task host in it, as an app would have it; stopped and disposed together.</summary>
public sealed class RunningTaskHub : IAsyncDisposable
{
    private readonly IHost _host;

    private RunningTaskHub(IHost host)
    {
        _host = host;
        Client = host.Services.GetRequiredService<DurableTaskClient>();
    }

    /// <summary>The client from DI, as the app's management code takes it.</summary>
    public DurableTaskClient Client { get; }

    /// <summary>The host's services.</summary>
    public IServiceProvider Services => _host.Services;

    /// <summary>Options for a task hub of its own on <paramref name="connectionString"/>: one partition, and polls at most 500 ms apart so tests wait little.</summary>
    public static TaskHubOptions Options(string connectionString) => new()
    {
        HubName = "t" + Guid.NewGuid().ToString("N")[..20],
        PartitionCount = 1,
        MaxQueuePollingInterval = TimeSpan.FromMilliseconds(500),
        ConnectionString = connectionString,
    };

    /// <summary>Builds and starts a host running the tasks <paramref name="register"/> adds on the task hub <paramref name="options"/> names.</summary>
    public static async Task<RunningTaskHub> StartAsync(TaskHubOptions options, Action<DurableTaskRegistry> register, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddLocalDurableTask(options, register);
        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken);
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return new RunningTaskHub(host);
    }

    /// <summary>Waits for <paramref name="condition"/> on <paramref name="instanceId"/>'s metadata, failing after <paramref name="timeout"/>.</summary>
    public async Task<OrchestrationMetadata> WaitForAsync(string instanceId, Func<OrchestrationMetadata, bool> condition, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        OrchestrationMetadata? last = null;
        try
        {
            while (true)
            {
                last = await Client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, limit.Token);
                if (last is not null && condition(last))
                {
                    return last;
                }

                await Task.Delay(100, limit.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{instanceId} did not get there within {timeout.TotalSeconds:0} s; last seen {last?.RuntimeStatus} '{last?.SerializedCustomStatus}'");
        }
    }

    /// <summary>Stops the host (worker, then sidecar and provider) and disposes it.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await _host.StopAsync(CancellationToken.None);
        }
        finally
        {
            if (_host is IAsyncDisposable disposable)
            {
                await disposable.DisposeAsync();
            }
            else
            {
                _host.Dispose();
            }
        }
    }
}
