using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Reactivation.Functions.Tests.Durable;

/// <summary>
/// Durable Task SDK orchestrators run in the local host on the Azure Storage provider over Azurite, through the gRPC
/// sidecar, driven by the <see cref="DurableTaskClient"/> from DI; the task hub is laid out in storage the way
/// Durable Functions lays it out.
/// </summary>
public sealed class LocalDurableTaskTests(AzuriteFixture azurite)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_orchestration_with_an_activity_a_timer_and_an_event_raced_with_a_timer_completes_on_azurite_with_its_output()
    {
        await using var hub = await RunningTaskHub.StartAsync(RunningTaskHub.Options(azurite.ConnectionString), Register, Ct);
        Assert.Same(hub.Client, hub.Services.GetRequiredService<DurableTaskClient>());

        var id = await hub.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ReplyJourney), new ReplyRequest("Ada", 20), Ct);
        await hub.WaitForAsync(id, m => m.ReadCustomStatusAs<string>() == ReplyJourney.Waiting, Patience, Ct);
        await hub.Client.RaiseEventAsync(id, ReplyJourney.ReplyEvent, "see you soon", Ct);
        var done = await hub.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, Ct);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("Hello, Ada; replied: see you soon", done.ReadOutputAs<string>());
        Assert.Equal(new ReplyRequest("Ada", 20), done.ReadInputAs<ReplyRequest>());
    }

    [Fact]
    public async Task An_event_that_never_comes_loses_the_race_to_its_timer()
    {
        await using var hub = await RunningTaskHub.StartAsync(RunningTaskHub.Options(azurite.ConnectionString), Register, Ct);

        var id = await hub.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ReplyJourney), new ReplyRequest("Grace", 2), Ct);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        limit.CancelAfter(Patience);
        var done = await hub.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, limit.Token);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("Hello, Grace; no reply", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task The_task_hub_is_laid_out_in_storage_as_durable_functions_lays_it_out()
    {
        var options = RunningTaskHub.Options(azurite.ConnectionString) with { PartitionCount = 3 };
        await using var hub = await RunningTaskHub.StartAsync(options, Register, Ct);
        var id = await hub.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ReplyJourney), new ReplyRequest("Lin", 1), Ct);
        await hub.Client.WaitForInstanceCompletionAsync(id, Ct);

        var name = options.HubName;
        var lower = name.ToLowerInvariant();
        var tables = new TableServiceClient(azurite.ConnectionString).QueryAsync(cancellationToken: Ct);
        var queues = new QueueServiceClient(azurite.ConnectionString).GetQueuesAsync(prefix: lower, cancellationToken: Ct);
        var containers = new BlobServiceClient(azurite.ConnectionString).GetBlobContainersAsync(prefix: lower, cancellationToken: Ct);

        Assert.Equal([name + "History", name + "Instances", name + "Partitions"], (await Names(tables, t => t.Name)).Where(t => t.StartsWith(name, StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.Equal([lower + "-control-00", lower + "-control-01", lower + "-control-02", lower + "-workitems"], (await Names(queues, q => q.Name)).Order(StringComparer.Ordinal));
        Assert.Equal([lower + "-applease"], await Names(containers, c => c.Name));
    }

    private static void Register(DurableTaskRegistry tasks) => tasks.AddOrchestrator<ReplyJourney>().AddActivity<Greet>();

    private static async Task<List<string>> Names<T>(IAsyncEnumerable<T> items, Func<T, string> name)
    {
        var names = new List<string>();
        await foreach (var item in items)
        {
            names.Add(name(item));
        }

        return names;
    }

    /// <summary>Who to greet, and how long to wait for their reply.</summary>
    public sealed record ReplyRequest(string Name, int ReplySeconds);

    /// <summary>Greets, pauses, then waits for a reply or gives up when its timer fires first.</summary>
    public sealed class ReplyJourney : TaskOrchestrator<ReplyRequest, string>
    {
        public const string ReplyEvent = "reply";

        public const string Waiting = "waiting for a reply";

        public override async Task<string> RunAsync(TaskOrchestrationContext context, ReplyRequest input)
        {
            var greeting = await context.CallActivityAsync<string>(nameof(Greet), input.Name);
            await context.CreateTimer(TimeSpan.FromSeconds(1), CancellationToken.None);
            context.SetCustomStatus(Waiting);
            using var giveUp = new CancellationTokenSource();
            var reply = context.WaitForExternalEvent<string>(ReplyEvent, giveUp.Token);
            var timeout = context.CreateTimer(TimeSpan.FromSeconds(input.ReplySeconds), giveUp.Token);
            var first = await Task.WhenAny(reply, timeout);
            giveUp.Cancel();
            return first == reply ? $"{greeting}; replied: {reply.Result}" : $"{greeting}; no reply";
        }
    }

    /// <summary>Says hello.</summary>
    public sealed class Greet : TaskActivity<string, string>
    {
        public override Task<string> RunAsync(TaskActivityContext context, string input) => Task.FromResult($"Hello, {input}");
    }
}
