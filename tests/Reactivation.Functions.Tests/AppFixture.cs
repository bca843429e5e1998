using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Configuration;
using Reactivation.Functions.Hosting;
using Reactivation.Infra.Local;
using Xunit;

[assembly: AssemblyFixture(typeof(Reactivation.Functions.Tests.AzuriteFixture))]

namespace Reactivation.Functions.Tests;

/// <summary>One in-memory Azurite for the test assembly, on free loopback ports.</summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteProcess? _azurite;

    public string ConnectionString => _azurite!.ConnectionString;

    public async ValueTask InitializeAsync() => _azurite = await AzuriteProcess.StartAsync();

    public async ValueTask DisposeAsync()
    {
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }
}

/// <summary>
/// A real app (the local host) on a free loopback port, over its own storage prefix, with the admin and
/// ingestion keys configured; <see cref="Client"/> presents the admin key, <see cref="Anonymous"/> no key at all.
/// </summary>
public sealed class RunningApp : IAsyncDisposable
{
    public const string AdminKey = "test-admin-key-0123456789";

    public const string IngestionKey = "test-ingestion-key-0123456789";

    private RunningApp(WebApplication app, HttpClient client)
    {
        App = app;
        Client = client;
    }

    public WebApplication App { get; }

    /// <summary>A client presenting the admin key.</summary>
    public HttpClient Client { get; }

    /// <summary>A new client at the app's address presenting <paramref name="key"/> in x-functions-key, or no key when null.</summary>
    public HttpClient ClientWith(string? key)
    {
        var client = new HttpClient { BaseAddress = Client.BaseAddress };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add("x-functions-key", key);
        }

        return client;
    }

    public IServiceProvider Services => App.Services;

    public static async Task<RunningApp> StartAsync(
        AzuriteFixture azurite, IDictionary<string, string?>? extra = null, Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? services = null)
    {
        var prefix = "f" + Guid.NewGuid().ToString("N")[..10];
        var settings = new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = azurite.ConnectionString,
            ["Storage:Prefix"] = prefix,

            // Each app its own task hub, with one partition (fewer queues to create and poll) answering within a second.
            ["DurableTask:HubName"] = prefix,
            ["DurableTask:PartitionCount"] = "1",
            ["DurableTask:MaxQueuePollingInterval"] = "00:00:01",
            ["Storage:ShardCount"] = "4",
            // Port 0: Kestrel binds a free port itself, so no other test can take it between choosing and binding.
            ["Host:Urls"] = "http://127.0.0.1:0",
            ["Host:RunTriggers"] = "false",
            ["Admin:Key"] = AdminKey,
            ["Ingestion:Key"] = IngestionKey,
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Reactivation"] = "Error",

            // The seed compliance profiles would hold back all marketing to these tests' users (in CN, with no opt-ins
            // recorded); the tests of the profiles switch them back on.
            ["Policy:Regions:CN:OptIn"] = "none",
            ["Policy:Regions:EU:OptIn"] = "none",
            ["Policy:Regions:US:OptIn"] = "none",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var app = ReactivationApp.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(settings);
            services?.Invoke(builder.Services);
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        var bound = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        var client = new HttpClient { BaseAddress = new Uri(bound) };
        client.DefaultRequestHeaders.Add("x-functions-key", AdminKey);
        return new RunningApp(app, client);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }

}

/// <summary>Loopback helpers for the servers tests start.</summary>
public static class Loopback
{
    /// <summary>A port nobody is listening on right now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
