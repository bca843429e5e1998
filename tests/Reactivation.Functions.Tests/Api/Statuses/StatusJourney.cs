using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Reactivation.Core.Journeys;
using Reactivation.Core.Users;
using Reactivation.Infra.Ingestion;
using Reactivation.Infra.Journeys;
using Reactivation.Infra.Orchestration;

namespace Reactivation.Functions.Tests.Api.Statuses;

/// <summary>
/// Instances for the management cases: a journey of its own that sends once and then waits two days for a click, so an
/// instance it starts stays running for as long as a case needs it to; ended ones by terminating; a failed one by hand.
/// </summary>
public static class StatusJourney
{
    public const string Id = "status-cases";

    private const string Json = """
        {
          "id": "status-cases", "version": 1, "priority": 0, "cooldownDays": 0,
          "entry": { "reasons": ["earlyWarning"], "bands": ["over12Months"] },
          "start": "sms",
          "steps": [
            { "id": "sms", "kind": "send", "channel": "sms", "template": "return-gift-sms", "next": "wait-click" },
            { "id": "wait-click", "kind": "waitFor", "events": [ { "event": "click", "next": "won" } ], "timeout": "2d", "onTimeout": "lost" },
            { "id": "won", "kind": "exit", "outcome": "reactivated" },
            { "id": "lost", "kind": "exit", "outcome": "lost" }
          ]
        }
        """;

    private static readonly SemaphoreSlim Publishing = new(1, 1);
    private static readonly HashSet<object> Published = [];

    /// <summary>A new user (named after <paramref name="purpose"/>) and the answer to starting the journey for them.</summary>
    public static async Task<HttpResponseMessage> StartAsync(ApiProbe probe, string purpose, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(probe);
        await PublishedAsync(probe, cancellationToken);
        var user = $"{purpose}-{Guid.NewGuid():N}";
        await probe.App.Services.GetRequiredService<UserDirectory>().UpsertAsync(
            [new UserUpdate(user, "+8613800138000", $"{user}@example.com", "Asia/Shanghai", "zh-CN", "CN", null)], cancellationToken);
        return await probe.Admin.PostAsJsonAsync($"/api/journeys/{Id}/instances", new { userId = user }, cancellationToken);
    }

    /// <summary>A new user (named after <paramref name="purpose"/>) with a running instance of the journey; its id.</summary>
    public static async Task<string> RunningAsync(ApiProbe probe, string purpose, CancellationToken cancellationToken)
    {
        using var start = await StartAsync(probe, purpose, cancellationToken);
        if (start.StatusCode != HttpStatusCode.Accepted)
        {
            throw new InvalidOperationException($"the start answered {(int)start.StatusCode}: {await start.Content.ReadAsStringAsync(cancellationToken)}");
        }

        return (await start.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("id").GetString()!;
    }

    /// <summary>A new instance that was terminated and has ended; its id.</summary>
    public static async Task<string> EndedAsync(ApiProbe probe, string purpose, CancellationToken cancellationToken)
    {
        var id = await RunningAsync(probe, purpose, cancellationToken);
        (await probe.Admin.PostAsync($"/api/instances/{id}/terminate?reason=status-case", null, cancellationToken)).Dispose();
        await WaitForAsync(probe, id, OrchestrationRuntimeStatus.Terminated, cancellationToken);
        return id;
    }

    /// <summary>
    /// A new instance that failed: the journey orchestration started directly with a definition that cannot be read, which
    /// the decider records as a fault and the orchestration ends as failed. Its id.
    /// </summary>
    public static async Task<string> FailedAsync(ApiProbe probe, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var (definition, problems) = JourneyJson.Parse(Json, Id);
        var user = $"failed-{Guid.NewGuid():N}";
        var state = JourneyState.New(definition ?? throw new InvalidOperationException(string.Join("; ", problems)), user, 1, new JourneyContext(), false, DateTimeOffset.UtcNow);
        var client = probe.App.Services.GetRequiredService<DurableTaskClient>();
        await client.ScheduleNewOrchestrationInstanceAsync(
            JourneyTaskNames.Orchestrator, JourneyRun.Start("{ not a definition", state, new JourneyRunSettings(TimeSpan.FromMinutes(6), "Asia/Shanghai")),
            new StartOrchestrationOptions(state.InstanceId), cancellationToken);
        await WaitForAsync(probe, state.InstanceId, OrchestrationRuntimeStatus.Failed, cancellationToken);
        return state.InstanceId;
    }

    private static async Task PublishedAsync(ApiProbe probe, CancellationToken cancellationToken)
    {
        await Publishing.WaitAsync(cancellationToken);
        try
        {
            if (Published.Add(probe.App))
            {
                var (_, problems) = await probe.App.Services.GetRequiredService<JourneyLibrary>().PublishAsync(Json, cancellationToken);
                if (problems.Count > 0)
                {
                    throw new InvalidOperationException(string.Join("; ", problems));
                }
            }
        }
        finally
        {
            Publishing.Release();
        }
    }

    private static async Task WaitForAsync(ApiProbe probe, string id, OrchestrationRuntimeStatus status, CancellationToken cancellationToken)
    {
        var client = probe.App.Services.GetRequiredService<DurableTaskClient>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((await client.GetInstanceAsync(id, cancellationToken))?.RuntimeStatus != status)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{id} never became {status}");
            }

            await Task.Delay(100, cancellationToken);
        }
    }
}
