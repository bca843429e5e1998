using DurableTask.AzureStorage;
using DurableTask.Core;
using Azure.Storage.Queues;
using DurableTask.Core.History;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Reactivation.Functions.Durable;
using Xunit;
using static Reactivation.Functions.Tests.Durable.LocalDurableTaskTests;

namespace Reactivation.Functions.Tests.Durable;

/// <summary>
/// A start message the provider delivers again over a history that already holds it (a worker killed between an
/// episode's history write and the deletion of its messages) does not leave the instance refused for ever.
/// </summary>
public sealed class LocalDurableTaskRedeliveryTests(AzuriteFixture azurite)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_start_delivered_again_to_a_running_instance_is_deleted_rather_than_refused_for_ever()
    {
        var options = RunningTaskHub.Options(azurite.ConnectionString);
        await using var hub = await RunningTaskHub.StartAsync(options, Register, Ct);
        var id = await hub.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ReplyJourney), new ReplyRequest("Ada", 60), Ct);
        await hub.WaitForAsync(id, m => m.ReadCustomStatusAs<string>() == ReplyJourney.Waiting, Patience, Ct);
        var provider = hub.Services.GetRequiredService<AzureStorageOrchestrationService>();
        var controlQueue = new QueueClient(azurite.ConnectionString, options.HubName.ToLowerInvariant() + "-control-00");
        var queuedBefore = await QueuedAsync(controlQueue);

        var recorded = Assert.Single(await provider.GetOrchestrationStateAsync(id, allExecutions: false));
        await provider.SendTaskOrchestrationMessageAsync(RedeliveredStartOf(recorded));
        // Long enough for the provider to take the start in a work item of its own (it polls every 500 ms here): taken
        // out of the episode, it is deleted with it; refused, it would be put back for the next try.
        await Task.Delay(TimeSpan.FromSeconds(3), Ct);
        Assert.Equal(queuedBefore, await QueuedAsync(controlQueue));

        await hub.Client.RaiseEventAsync(id, ReplyJourney.ReplyEvent, "back again", Ct);
        await AssertRepliedOnceStartedAsync(hub, provider, recorded);
    }

    [Fact]
    public async Task An_instance_restarted_over_its_start_delivered_again_beside_an_event_takes_the_event_and_ends()
    {
        var options = RunningTaskHub.Options(azurite.ConnectionString);
        string id;
        OrchestrationState recorded;
        await using (var first = await RunningTaskHub.StartAsync(options, Register, Ct))
        {
            id = await first.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ReplyJourney), new ReplyRequest("Ada", 60), Ct);
            await first.WaitForAsync(id, m => m.ReadCustomStatusAs<string>() == ReplyJourney.Waiting, Patience, Ct);
            recorded = Assert.Single(await first.Services.GetRequiredService<AzureStorageOrchestrationService>().GetOrchestrationStateAsync(id, allExecutions: false));
        }

        // What a worker killed after the episode's write and before the message's deletion leaves behind, with an event
        // that came while it was down: the next host takes both in its first work item for the instance.
        var sender = new AzureStorageOrchestrationService(LocalDurableTask.Settings(options, NullLoggerFactory.Instance));
        await sender.SendTaskOrchestrationMessageAsync(RedeliveredStartOf(recorded));
        await sender.SendTaskOrchestrationMessageAsync(new TaskMessage
        {
            OrchestrationInstance = new OrchestrationInstance { InstanceId = id },
            Event = new EventRaisedEvent(-1, "\"back again\"") { Name = ReplyJourney.ReplyEvent },
        });

        await using var second = await RunningTaskHub.StartAsync(options, Register, Ct);
        await AssertRepliedOnceStartedAsync(second, second.Services.GetRequiredService<AzureStorageOrchestrationService>(), recorded);
    }

    private static async Task AssertRepliedOnceStartedAsync(RunningTaskHub hub, AzureStorageOrchestrationService provider, OrchestrationState recorded)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        limit.CancelAfter(Patience);
        var done = await hub.Client.WaitForInstanceCompletionAsync(recorded.OrchestrationInstance.InstanceId, getInputsAndOutputs: true, limit.Token);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("Hello, Ada; replied: back again", done.ReadOutputAs<string>());
        var history = await provider.GetOrchestrationHistoryAsync(recorded.OrchestrationInstance.InstanceId, recorded.OrchestrationInstance.ExecutionId);
        Assert.Equal(1, CountOf(history, $"\"EventType\":{(int)EventType.ExecutionStarted},"));
    }

    private static async Task<int> QueuedAsync(QueueClient queue) => (await queue.GetPropertiesAsync(Ct)).Value.ApproximateMessagesCount;

    /// <summary>The message the client sent to start <paramref name="recorded"/>'s execution, as the provider would deliver it again.</summary>
    private static TaskMessage RedeliveredStartOf(OrchestrationState recorded)
    {
        var instance = new OrchestrationInstance { InstanceId = recorded.OrchestrationInstance.InstanceId, ExecutionId = recorded.OrchestrationInstance.ExecutionId };
        return new TaskMessage
        {
            OrchestrationInstance = instance,
            Event = new ExecutionStartedEvent(-1, recorded.Input) { Name = recorded.Name, Version = recorded.Version, OrchestrationInstance = instance },
        };
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static void Register(Microsoft.DurableTask.DurableTaskRegistry tasks) => tasks.AddOrchestrator<ReplyJourney>().AddActivity<Greet>();
}
