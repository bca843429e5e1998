using DurableTask.AzureStorage;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Client.Grpc;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Grpc;
using Microsoft.DurableTask.Worker.Grpc.Internal;
using Microsoft.Extensions.Options;

namespace Reactivation.Functions.Durable;

/// <summary>
/// Runs Durable Task SDK orchestrators and activities in this process, on the task hub Durable Functions would use in
/// Azure, with <see cref="DurableTaskClient"/> as the one way in: the local host's and the tests' counterpart of the
/// Functions host's Durable extension.
/// </summary>
/// <remarks>
/// The Durable Task Framework's Azure Storage provider keeps the task hub in Blob, Queue and Table storage (Azurite
/// locally) in Durable Functions' own layout; the gRPC sidecar from Microsoft.DurableTask.InProcessTestHost serves it on
/// a loopback HTTP/2 port; the SDK's gRPC worker and client connect to it. So orchestrator classes run unchanged here
/// and under the isolated worker, and code that manages instances takes a <see cref="DurableTaskClient"/> in both.
/// </remarks>
public static class LocalDurableTask
{
    /// <summary>Log categories kept at Warning unless configuration names them: they log every poll, lease, orchestration and activity at Information.</summary>
    public static readonly IReadOnlyList<string> QuietCategories = ["DurableTask.AzureStorage", "DurableTask.Core", "Microsoft.DurableTask"];

    /// <summary>
    /// Registers the task hub described by <paramref name="options"/>, the sidecar serving it, a worker running the
    /// tasks <paramref name="register"/> adds, and the default <see cref="DurableTaskClient"/>.
    /// </summary>
    /// <remarks>
    /// Call it before registering any hosted service that uses the client: hosted services start in registration order
    /// and stop in reverse, and the sidecar must be up before the worker connects and until the worker is gone. The
    /// host's start returns once the worker is connected.
    /// </remarks>
    /// <param name="services">The app's services.</param>
    /// <param name="options">The task hub; validated here.</param>
    /// <param name="register">Adds the orchestrators and activities the worker runs; null for a client alone (no worker, so this process takes no work).</param>
    /// <returns><paramref name="services"/>.</returns>
    /// <exception cref="InvalidOperationException"><paramref name="options"/> are invalid; the message lists every problem.</exception>
    public static IServiceCollection AddLocalDurableTask(this IServiceCollection services, TaskHubOptions options, Action<DurableTaskRegistry>? register)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        var valid = options.EnsureValid();

        // Placed first among the filter rules, after every other configuration: of two rules for one category the later
        // wins, so configuration (appsettings.json, environment variables) can still name these categories.
        services.AddLogging().PostConfigure<LoggerFilterOptions>(filters =>
        {
            foreach (var category in QuietCategories.Reverse())
            {
                filters.Rules.Insert(0, new LoggerFilterRule(null, category, LogLevel.Warning, null));
            }
        });
        services.AddSingleton(sp => new AzureStorageOrchestrationService(Settings(valid, sp.GetRequiredService<ILoggerFactory>())));
        services.AddSingleton(sp => new TaskHubSidecar(sp.GetRequiredService<AzureStorageOrchestrationService>(), sp.GetRequiredService<ILoggerFactory>(), withWorker: register is not null));
        services.AddHostedService(sp => sp.GetRequiredService<TaskHubSidecar>());
        services.AddDurableTaskClient(client => client.UseGrpc());
        services.AddOptions<GrpcDurableTaskClientOptions>(Options.DefaultName).Configure<TaskHubSidecar>((grpc, sidecar) => grpc.Channel = sidecar.Channel);
        if (register is null)
        {
            return services;
        }

        services.AddDurableTaskWorker(worker => worker.AddTasks(register).UseGrpc());
        services.AddOptions<GrpcDurableTaskWorkerOptions>(Options.DefaultName).Configure<TaskHubSidecar>((grpc, sidecar) =>
        {
            grpc.Channel = sidecar.Channel;

            // The worker's guards against half-open connections to a remote backend reconnect when the work-item stream
            // has been quiet for two minutes (a remote backend sends health pings; the sidecar sends none) or a hello is
            // slow. The sidecar is in this process on loopback, where neither means the connection is gone, and it takes
            // a reconnect badly: the old stream's end can clear the "connected" signal after the new stream has set it,
            // and then no work item is ever dispatched again. So the stream stays open for the host's life.
            grpc.SetSilentDisconnectTimeout(TimeSpan.Zero);
            grpc.SetHelloDeadline(TimeSpan.Zero);
        });
        services.AddOptions<DurableTaskWorkerOptions>(Options.DefaultName).Configure(worker =>
        {
            // The sidecar hands out no more than the provider's limits anyway; the same figures here say so.
            worker.Concurrency.MaximumConcurrentOrchestrationWorkItems = valid.MaxConcurrentOrchestrationWorkItems;
            worker.Concurrency.MaximumConcurrentActivityWorkItems = valid.MaxConcurrentActivityWorkItems;
        });
        return services;
    }

    /// <summary>The provider's settings for <paramref name="options"/>, logging to <paramref name="loggerFactory"/>.</summary>
    /// <param name="options">Valid task hub options.</param>
    /// <param name="loggerFactory">Where the provider logs.</param>
    public static AzureStorageOrchestrationServiceSettings Settings(TaskHubOptions options, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new AzureStorageOrchestrationServiceSettings
        {
            TaskHubName = options.HubName,
            PartitionCount = options.PartitionCount,
            MaxConcurrentTaskOrchestrationWorkItems = options.MaxConcurrentOrchestrationWorkItems,
            MaxConcurrentTaskActivityWorkItems = options.MaxConcurrentActivityWorkItems,
            MaxQueuePollingInterval = options.MaxQueuePollingInterval,
            ControlQueueVisibilityTimeout = options.ControlQueueVisibilityTimeout,
            WorkItemQueueVisibilityTimeout = options.WorkItemQueueVisibilityTimeout,
            PartitionTableOperationTimeout = options.PartitionTableOperationTimeout,
            ExtendedSessionsEnabled = options.ExtendedSessions,
            ExtendedSessionIdleTimeout = options.ExtendedSessionIdleTimeout,
            StorageAccountClientProvider = new StorageAccountClientProvider(options.ConnectionString),
            LoggerFactory = loggerFactory,
        };
    }
}
