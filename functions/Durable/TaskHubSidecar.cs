using System.Net;
using System.Net.Sockets;
using DurableTask.AzureStorage;
using DurableTask.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;

namespace Reactivation.Functions.Durable;

/// <summary>
/// The Durable Task gRPC sidecar inside the app's process: creates the task hub's storage, then serves
/// <see cref="TaskHubGrpcServer"/> over the Azure Storage provider on a loopback HTTP/2 port, for the worker and the
/// client in this process (<see cref="Channel"/>).
/// </summary>
/// <remarks>
/// Registered before the worker, so the host starts it first and stops it last: the worker's work-item stream is an
/// open request until the worker closes it, and Kestrel's graceful stop would wait for it.
/// </remarks>
internal sealed class TaskHubSidecar : IHostedLifecycleService, IAsyncDisposable
{
    // Once the worker is gone, whatever the sidecar's dispatchers still wait for will never be answered: this is only
    // long enough for work already answered to be written to storage before the provider is stopped by force.
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(30);

    private readonly AzureStorageOrchestrationService _provider;
    private readonly SidecarOrchestrationService _dispatched;
    private readonly ILoggerFactory _loggerFactory;
    private readonly bool _withWorker;
    private readonly TaskCompletionSource<IPEndPoint> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private WebApplication? _web;

    /// <summary>Creates the sidecar over <paramref name="provider"/>; nothing runs until the host starts it.</summary>
    /// <param name="provider">The task hub.</param>
    /// <param name="loggerFactory">Where the sidecar logs.</param>
    /// <param name="withWorker">False when only a client uses the sidecar: the provider then never starts (it takes no work) and the host does not wait for a worker.</param>
    public TaskHubSidecar(AzureStorageOrchestrationService provider, ILoggerFactory loggerFactory, bool withWorker = true)
    {
        _withWorker = withWorker;
        _provider = provider;
        _dispatched = new SidecarOrchestrationService(provider, loggerFactory.CreateLogger<SidecarOrchestrationService>());
        _loggerFactory = loggerFactory;

        // The worker and the client read their channel when the host builds them, before any hosted service starts,
        // and the port is only known once Kestrel has bound port 0. So the channel's address is a placeholder and every
        // connection is made to wherever the sidecar listens, waiting for it to listen: no port is guessed and left
        // free for something else to take, and nothing can reach the sidecar before it is up.
        Channel = GrpcChannel.ForAddress("http://durable-sidecar", new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler
            {
                ConnectCallback = ConnectAsync,
                UseProxy = false,
                EnableMultipleHttp2Connections = true,
            },
            LoggerFactory = loggerFactory,
        });
    }

    /// <summary>The channel the worker and the client use to reach the sidecar.</summary>
    public GrpcChannel Channel { get; }

    /// <inheritdoc />
    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Creates the task hub's tables, queues and containers, then starts serving on a free loopback port.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _provider.CreateIfNotExistsAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
            _web = Build();
            await _web.StartAsync(cancellationToken).ConfigureAwait(false);
            var address = _web.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
            var uri = new Uri(address);
            _listening.TrySetResult(new IPEndPoint(IPAddress.Loopback, uri.Port));
        }
        catch (Exception ex)
        {
            // Connections waiting for the port fail with the reason; read once here, so a failure nobody connected
            // for is not reported again as unobserved.
            _listening.TrySetException(ex);
            _ = _listening.Task.Exception;
            throw;
        }
    }

    /// <summary>
    /// Waits, after every hosted service has started, until the worker has connected and the sidecar has started the
    /// provider: a started host then runs orchestrations, and a host stopped at once has nothing half-started.
    /// </summary>
    public async Task StartedAsync(CancellationToken cancellationToken)
    {
        if (!_withWorker)
        {
            return;
        }

        try
        {
            await _dispatched.Started.WaitAsync(ConnectTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new InvalidOperationException(
                $"the Durable Task worker did not connect to the local sidecar within {ConnectTimeout.TotalSeconds:0} s (is AddDurableTaskWorker registered?)");
        }
    }

    /// <inheritdoc />
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Stops serving, then makes sure the provider has stopped and released its leases before returning, unless the
    /// host's shutdown timeout runs out first: then it returns anyway (the leases expire on their own, and the next
    /// host takes the partitions over once they have), since a stop that throws would only hide the host's other stops.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_web is null)
        {
            return;
        }

        try
        {
            // Stopping the web host makes the sidecar stop its dispatchers and then the provider, in the background.
            await _web.StopAsync(cancellationToken).ConfigureAwait(false);
            await _dispatched.StopRequested.WaitAsync(StopGrace, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException || (ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            // The dispatchers still wait for work items the stopped worker will never answer, or the host's shutdown
            // timeout has run out already: the forced stop below is started either way.
        }

        // Started whatever happened above, before anything that can be cancelled: a provider left to its graceful
        // stop keeps listening on the task hub's control queues while it drains, and took the next host's messages.
        var forced = _dispatched.StopAsync(isForced: true);
        try
        {
            await forced.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _loggerFactory.CreateLogger<TaskHubSidecar>().LogWarning(
                "the task hub did not finish stopping within the host's shutdown timeout; its partition leases are left to expire");
        }
    }

    /// <inheritdoc />
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _listening.TrySetCanceled();
        if (_web is not null)
        {
            await _web.DisposeAsync().ConfigureAwait(false);
        }

        Channel.Dispose();
    }

    private WebApplication Build()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = typeof(TaskHubSidecar).Assembly.GetName().Name });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2);

            // The worker's work-item stream is one request for the host's whole life. Kestrel's minimum data rates are
            // for untrusted clients on the network; on a loaded machine they can cut this loopback stream, and the
            // sidecar takes one worker connection at a time.
            kestrel.Limits.MinRequestBodyDataRate = null;
            kestrel.Limits.MinResponseDataRate = null;
        });
        builder.Logging.AddProvider(new ForwardingLoggerProvider(_loggerFactory)).SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddRoutingCore();
        builder.Services.AddGrpc();
        builder.Services.AddSingleton<IOrchestrationService>(_dispatched);
        builder.Services.AddSingleton<IOrchestrationServiceClient>(_provider);
        builder.Services.AddSingleton<TaskHubGrpcServer>();
        var web = builder.Build();
        web.MapGrpcService<TaskHubGrpcServer>();

        // gRPC would create the server at the first call; it hooks the host's started and stopping events in its
        // constructor, so it is created now, and a host stopped before any call still stops the provider.
        web.Services.GetRequiredService<TaskHubGrpcServer>();
        return web;
    }

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var endpoint = await _listening.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(endpoint, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
