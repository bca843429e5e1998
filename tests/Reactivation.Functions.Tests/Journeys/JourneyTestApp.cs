using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Reactivation.Core.Journeys;
using Reactivation.Core.Users;
using Reactivation.Functions.Hosting;
using Reactivation.Infra.Ingestion;
using Reactivation.Infra.Journeys;
using Reactivation.Infra.Storage;
using Xunit;

namespace Reactivation.Functions.Tests.Journeys;

/// <summary>A running app on Azurite with a fake clock, a small probe journey, and helpers to pump the journey queue by hand.</summary>
public sealed class JourneyTestApp : IAsyncDisposable
{
    public const string AdminKey = RunningApp.AdminKey;

    /// <summary>A short journey: SMS (retried), wait 2 days for a click, then email and lost.</summary>
    public const string ProbeJson = """
        {
          "id": "probe", "version": 1, "priority": 0, "cooldownDays": 0,
          "entry": { "reasons": ["earlyWarning"], "bands": ["over12Months"] },
          "start": "sms",
          "steps": [
            { "id": "sms", "kind": "send", "channel": "sms", "template": "return-gift-sms", "next": "wait-click",
              "retry": { "firstInterval": "1m", "backoffCoefficient": 2, "maxInterval": "10m", "maxAttempts": 3, "timeout": "1h" } },
            { "id": "wait-click", "kind": "waitFor", "events": [ { "event": "click", "next": "won" } ], "timeout": "2d", "onTimeout": "email" },
            { "id": "email", "kind": "send", "channel": "email", "template": "return-gift-email", "next": "lost" },
            { "id": "won", "kind": "exit", "outcome": "reactivated" },
            { "id": "lost", "kind": "exit", "outcome": "lost" }
          ]
        }
        """;

    private JourneyTestApp(RunningApp app, FakeTimeProvider clock)
    {
        App = app;
        Clock = clock;
    }

    public RunningApp App { get; }

    public FakeTimeProvider Clock { get; }

    public IServiceProvider Services => App.Services;

    public JourneyEngine Engine => Services.GetRequiredService<JourneyEngine>();

    public JourneyStore Store => Services.GetRequiredService<JourneyStore>();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Starts the app at 10:00 in Shanghai (02:00 UTC) on a Monday, with the probe journey published.</summary>
    public static async Task<JourneyTestApp> StartAsync(
        AzuriteFixture azurite, Action<IServiceCollection>? services = null, IDictionary<string, string?>? extra = null, FakeTimeProvider? clock = null, bool publishProbe = true)
    {
        clock ??= NewClock();
        var settings = new Dictionary<string, string?> { ["Journeys:HoldoutPercent"] = "0" };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var app = await RunningApp.StartAsync(azurite, settings, s =>
        {
            s.AddSingleton<TimeProvider>(clock);
            services?.Invoke(s);
        });
        if (publishProbe)
        {
            var (published, problems) = await app.Services.GetRequiredService<JourneyLibrary>().PublishAsync(ProbeJson, Ct);
            Assert.True(published is not null, string.Join("; ", problems));
        }

        return new JourneyTestApp(app, clock);
    }

    /// <summary>The clock tests start at: 10:00 in Shanghai on a Monday.</summary>
    public static FakeTimeProvider NewClock() => new(new DateTimeOffset(2026, 11, 23, 2, 0, 0, TimeSpan.Zero));

    /// <summary>Creates users reachable by SMS and email.</summary>
    public Task AddUsersAsync(params string[] userIds) =>
        Services.GetRequiredService<UserDirectory>().UpsertAsync(
            userIds.Select(u => new UserUpdate(u, "+8613800138000", $"{u}@example.com", "Asia/Shanghai", "zh-CN", "CN", null)).ToArray(), Ct);

    /// <summary>Handles every visible journey-work message (as a worker would) until none is left; returns the handler's log lines.</summary>
    public async Task<List<string>> PumpAsync()
    {
        var queue = await Services.GetRequiredService<StorageAccount>().QueueAsync(QueueNames.JourneyWork, Ct);
        var lines = new List<string>();
        while (true)
        {
            var messages = (await queue.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(1), Ct)).Value;
            if (messages.Length == 0)
            {
                return lines;
            }

            foreach (var message in messages)
            {
                lines.Add(await Engine.HandleAsync(JourneyQueue.Parse(message.Body.ToString()), Ct));
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, Ct);
            }
        }
    }

    /// <summary>Drops every message on the journey-work queue (a lost message).</summary>
    public async Task ClearQueueAsync() =>
        await (await Services.GetRequiredService<StorageAccount>().QueueAsync(QueueNames.JourneyWork, Ct)).ClearMessagesAsync(Ct);

    /// <summary>Wakes an instance as a timer or the repair pass would.</summary>
    public Task<string> WakeAsync(string instanceId) => Engine.HandleAsync(new JourneyMessage { Id = instanceId, Kind = JourneyMessageKind.Repair }, Ct);

    public async Task<JourneyState> StateAsync(string instanceId) => (await Store.GetAsync(instanceId, Ct))!.Value.State;

    /// <summary>The outbox rows for a user.</summary>
    public async Task<List<TableEntity>> OutboxAsync(string userId) =>
        (await Services.GetRequiredService<OutboxChannel>().AllAsync(Ct)).Where(r => r.PartitionKey == userId).ToList();

    public ValueTask DisposeAsync() => App.DisposeAsync();
}
