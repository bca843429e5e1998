using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Reactivation.Core.Journeys;
using Reactivation.Infra.Orchestration;

namespace Reactivation.Functions.Tests.Journeys.Orchestration;

/// <summary>The journey orchestrator on the SDK's in-memory test host, with a scripted step activity.</summary>
internal sealed class OrchestratorHost : IAsyncDisposable
{
    private readonly DurableTaskTestHost _host;

    private OrchestratorHost(DurableTaskTestHost host, ScriptedStep step)
    {
        _host = host;
        Step = step;
    }

    public ScriptedStep Step { get; }

    public DurableTaskClient Client => _host.Client;

    public static async Task<OrchestratorHost> StartAsync(Func<SendCommand, int, SendResult>? answer = null, CancellationToken cancellationToken = default)
    {
        var step = new ScriptedStep(answer ?? ((_, _) => SendResult.Sent("p-1")));
        var host = await DurableTaskTestHost.StartAsync(
            r =>
            {
                r.AddOrchestrator<JourneyOrchestrator>();
                r.AddActivity(JourneyTaskNames.Step, step);
            },
            cancellationToken: cancellationToken);
        return new OrchestratorHost(host, step);
    }

    /// <summary>Parses a definition as the library does, failing the test on any problem.</summary>
    public static JourneyDefinition Definition(string json)
    {
        var (definition, problems) = JourneyJson.Parse(json, "test");
        return definition ?? throw new InvalidOperationException(string.Join("; ", problems));
    }

    /// <summary>Starts <paramref name="definition"/> for <paramref name="userId"/> as enrollment does.</summary>
    public async Task<string> StartAsync(
        JourneyDefinition definition, string userId, CancellationToken cancellationToken, bool heldOut = false, int decisionsPerGeneration = 64, params Channel[] reachable)
    {
        var state = JourneyState.New(
            definition, userId, 1, new JourneyContext { Reachable = reachable.Length == 0 ? [Channel.Sms, Channel.Email] : [.. reachable] }, heldOut, DateTimeOffset.UtcNow);
        var input = JourneyRun.Start(JsonSerializer.Serialize(definition, JourneyJson.Options), state, new JourneyRunSettings(TimeSpan.FromMinutes(6), "Asia/Shanghai", DecisionsPerGeneration: decisionsPerGeneration));
        return await Client.ScheduleNewOrchestrationInstanceAsync(JourneyTaskNames.Orchestrator, input, new StartOrchestrationOptions(state.InstanceId), cancellationToken);
    }

    /// <summary>Raises an event from outside, as ingestion, click-backs and consent do.</summary>
    public Task RaiseAsync(string instanceId, string name, string id, CancellationToken cancellationToken, Channel? channel = null) =>
        Client.RaiseEventAsync(instanceId, JourneyTaskNames.InboundEvent, new InboundEvent(id, name, DateTimeOffset.UtcNow, channel), cancellationToken);

    /// <summary>Waits for the instance to end and returns its result.</summary>
    public async Task<(OrchestrationRuntimeStatus Status, JourneyResult? Result)> EndAsync(string instanceId, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        var ended = await Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, timeout.Token);
        return (ended.RuntimeStatus, ended.ReadOutputAs<JourneyResult>());
    }

    /// <summary>Waits until the instance's custom status says it is at <paramref name="step"/>.</summary>
    public async Task AtStepAsync(string instanceId, string step, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var meta = await Client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken);
            if (meta?.ReadCustomStatusAs<JourneyStatus>() is { } status && status.State.Step == step)
            {
                return;
            }

            await Task.Delay(50, cancellationToken);
        }

        throw new TimeoutException($"{instanceId} never reached {step}");
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();
}
