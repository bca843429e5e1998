using Microsoft.DurableTask.Client;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Reactivation.Functions.Tests.Journeys;
using Reactivation.Infra.Journeys;
using Reactivation.Functions.Handlers;
using Reactivation.Infra.Links;
using Reactivation.Infra.Storage;
using Xunit;

namespace Reactivation.Functions.Tests.Tracking;

/// <summary>A journey app whose probe journey has sent its SMS to one user, and a client that does not follow redirects.</summary>
public sealed class ClickTestKit : IAsyncDisposable
{
    public const string Phone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1";

    public const string Destination = "https://shop.example.com/sale?ref=mail";

    private ClickTestKit(JourneyTestApp app, string instanceId, string sendKey, HttpClient client)
    {
        App = app;
        InstanceId = instanceId;
        SendKey = sendKey;
        Client = client;
    }

    public JourneyTestApp App { get; }

    public string InstanceId { get; }

    public string SendKey { get; }

    public HttpClient Client { get; }

    public LinkMinter Minter => App.Services.GetRequiredService<LinkMinter>();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<ClickTestKit> StartAsync(AzuriteFixture azurite, string userId)
    {
        var app = await JourneyTestApp.StartAsync(azurite, extra: new Dictionary<string, string?> { ["RateLimit:PublicBurst"] = "1000" });
        await app.AddUsersAsync(userId);
        var instanceId = (await app.Services.GetRequiredService<JourneyEnroller>().StartAsync(app.Services.GetRequiredService<DurableTaskClient>(), "probe", userId, null, Ct)).InstanceId!;
        await app.PumpAsync();
        var sendKey = Assert.Single(await app.Store.SendsAsync(instanceId, Ct)).RowKey[InstanceRow.SendPrefix.Length..];
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = app.App.Client.BaseAddress };
        return new ClickTestKit(app, instanceId, sendKey, client);
    }

    /// <summary>Requests <paramref name="url"/> as a phone browser would, or with the given method and headers.</summary>
    public async Task<HttpResponseMessage> ClickAsync(string url, string method = "GET", string? userAgent = Phone, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(url).PathAndQuery);
        if (userAgent is not null)
        {
            request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
        }

        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await Client.SendAsync(request, Ct);
    }

    /// <summary>Runs the <c>ClickWork</c> function over every queued message, as the host would; answers the messages handled.</summary>
    public async Task<List<string>> PumpClicksAsync()
    {
        var queue = await App.Services.GetRequiredService<StorageAccount>().QueueAsync(QueueNames.ClickWork, Ct);
        var handler = App.Services.GetRequiredService<ClickWorkHandler>();
        var handled = new List<string>();
        while ((await queue.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(1), Ct)).Value is { Length: > 0 } messages)
        {
            foreach (var message in messages)
            {
                await handler.HandleAsync(message.Body.ToString(), App.Client, Ct);
                handled.Add(message.Body.ToString());
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, Ct);
            }
        }

        return handled;
    }

    /// <summary>The events the instance's orchestration has taken, from its history, once it has caught up.</summary>
    public async Task<List<Reactivation.Core.Journeys.HistoryEntry>> EventRowsAsync()
    {
        await App.PumpAsync();
        return (await App.Store.HistoryAsync(InstanceId, Ct)).Where(h => h.Kind == "eventReceived").ToList();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.DisposeAsync();
    }
}
