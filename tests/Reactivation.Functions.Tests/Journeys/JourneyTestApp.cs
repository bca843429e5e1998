using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Reactivation.Core.Journeys;
using Reactivation.Core.Users;
using Reactivation.Functions.Hosting;
using Reactivation.Infra.Ingestion;
using Reactivation.Infra.Journeys;
using Reactivation.Infra.Orchestration;
using Reactivation.Core.Sweeps;
using Microsoft.DurableTask.Client;
using Xunit;

namespace Reactivation.Functions.Tests.Journeys;

/// <summary>A running app on Azurite whose journeys run on Durable Task on a fake clock, a small probe journey, and helpers to let them catch up with the clock.</summary>
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

    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    private JourneyTestApp(RunningApp app, FakeTimeProvider clock)
    {
        App = app;
        Clock = clock;
    }

    public RunningApp App { get; }

    public FakeTimeProvider Clock { get; }

    public IServiceProvider Services => App.Services;

    /// <summary>Durable's client on the app's task hub.</summary>
    public DurableTaskClient Client => Services.GetRequiredService<DurableTaskClient>();

    public JourneyStore Store => Services.GetRequiredService<JourneyStore>();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Starts the app at 10:00 in Shanghai (02:00 UTC) on a Monday, with the probe journey published and journeys on its fake clock.</summary>
    public static async Task<JourneyTestApp> StartAsync(
        AzuriteFixture azurite, Action<IServiceCollection>? services = null, IDictionary<string, string?>? extra = null, FakeTimeProvider? clock = null, bool publishProbe = true)
    {
        clock ??= NewClock();
        var settings = new Dictionary<string, string?> { ["Journeys:HoldoutPercent"] = "0", ["Journeys:SimulatedClock"] = "true" };
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

    /// <summary>
    /// Lets every journey orchestration catch up with the fake clock: each running instance is sent a clock tick, and
    /// this returns once each has taken it and waits with nothing left to do (what a worker pumping the old queue did).
    /// Every instance, not only those the clock can move: the tick is then a barrier behind every event a test raised,
    /// through whichever door (the API, a click-back, ingestion).
    /// </summary>
    public Task PumpAsync() => JourneyTicks.AdvanceAsync(Client, Clock.GetUtcNow(), _ => true, Patience, null, Ct);

    /// <summary>Enrolls a hand-off through the enrollment function's handler, as the queue trigger would.</summary>
    public Task<EnrollmentResult> EnrollAsync(EnrollmentHandoff handoff) => Services.GetRequiredService<JourneyEnroller>().EnrollAsync(Client, handoff, Ct);

    /// <summary>Starts <paramref name="journeyId"/> for a user by hand and lets it run to its first wait.</summary>
    public async Task<EnrollmentResult> StartJourneyAsync(string journeyId, string userId, JourneyContext? context = null)
    {
        var started = await Services.GetRequiredService<JourneyEnroller>().StartAsync(Client, journeyId, userId, context, Ct);
        await PumpAsync();
        return started;
    }

    /// <summary>Raises an event on an instance as the management API would.</summary>
    public Task<RaiseOutcome> RaiseAsync(string instanceId, string name, string? eventId = null, Channel? channel = null) =>
        Services.GetRequiredService<JourneyEvents>().RaiseAsync(Client, instanceId, name, eventId, channel, null, Ct);

    /// <summary>The instance as Durable reports it.</summary>
    public async Task<JourneyInstance> InstanceAsync(string instanceId) =>
        await JourneyInstances.GetAsync(Client, instanceId, Ct) ?? throw new InvalidOperationException($"no instance {instanceId}");

    /// <summary>Waits until Durable reports <paramref name="instanceId"/> in <paramref name="status"/> (suspend, resume and terminate are messages the orchestration takes in turn).</summary>
    public async Task<JourneyInstance> WaitForStatusAsync(string instanceId, InstanceStatus status)
    {
        var deadline = DateTimeOffset.UtcNow + Patience;
        while (true)
        {
            var instance = await InstanceAsync(instanceId);
            if (instance.Status == status)
            {
                return instance;
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"{instanceId} stayed {instance.Status}, never {status}");
            }

            await Task.Delay(100, Ct);
        }
    }

    /// <summary>The instance's state after its latest decision, with Durable's status.</summary>
    public async Task<JourneyState> StateAsync(string instanceId)
    {
        var instance = await InstanceAsync(instanceId);
        return instance.State with { Status = instance.Status };
    }

    /// <summary>The outbox rows for a user.</summary>
    public async Task<List<TableEntity>> OutboxAsync(string userId) =>
        (await Services.GetRequiredService<OutboxChannel>().AllAsync(Ct)).Where(r => r.PartitionKey == userId).ToList();

    public ValueTask DisposeAsync() => App.DisposeAsync();
}
