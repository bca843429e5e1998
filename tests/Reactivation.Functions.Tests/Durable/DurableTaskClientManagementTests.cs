using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Xunit;

namespace Reactivation.Functions.Tests.Durable;

/// <summary>
/// The management calls the app's endpoints make through <see cref="DurableTaskClient"/> work through the sidecar on
/// the Azure Storage provider: reading an instance with its input and output, querying by status a page at a time,
/// suspending, resuming, terminating, and purging one instance or many by filter.
/// </summary>
public sealed class DurableTaskClientManagementTests(AzuriteFixture azurite)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_instance_reads_back_with_its_input_and_output_only_when_asked_for_them()
    {
        await using var hub = await StartAsync();
        var id = await hub.Client.ScheduleNewOrchestrationInstanceAsync(nameof(Echo), "quiet", Ct);
        await hub.Client.WaitForInstanceCompletionAsync(id, Ct);

        var full = await hub.Client.GetInstanceAsync(id, getInputsAndOutputs: true, Ct);
        var bare = await hub.Client.GetInstanceAsync(id, getInputsAndOutputs: false, Ct);

        Assert.NotNull(full);
        Assert.Equal((nameof(Echo), OrchestrationRuntimeStatus.Completed), (full.Name, full.RuntimeStatus));
        Assert.Equal("quiet", full.ReadInputAs<string>());
        Assert.Equal("QUIET", full.ReadOutputAs<string>());
        Assert.True(full.LastUpdatedAt >= full.CreatedAt);
        Assert.NotNull(bare);
        Assert.Null(bare.SerializedInput);
        Assert.Null(bare.SerializedOutput);
        Assert.Null(await hub.Client.GetInstanceAsync("no-such-instance", Ct));
    }

    [Fact]
    public async Task A_query_by_runtime_status_comes_a_page_at_a_time_and_resumes_from_a_continuation_token()
    {
        await using var hub = await StartAsync();
        var waiting = await StartWaitersAsync(hub, "w", 5);
        var done = await hub.Client.ScheduleNewOrchestrationInstanceAsync(nameof(Echo), "done", Ct);
        await hub.Client.WaitForInstanceCompletionAsync(done, Ct);
        var query = new OrchestrationQuery(Statuses: [OrchestrationRuntimeStatus.Running], PageSize: 2);

        var first = await FirstPageAsync(hub.Client.GetAllInstancesAsync(query).AsPages(pageSizeHint: 2));
        var seen = first.Values.Select(m => m.InstanceId).ToList();
        var pages = 1;
        var token = first.ContinuationToken;
        while (token is not null)
        {
            var next = await FirstPageAsync(hub.Client.GetAllInstancesAsync(query).AsPages(token, pageSizeHint: 2));
            Assert.True(next.Values.Count <= 2, $"a page of {next.Values.Count}");
            seen.AddRange(next.Values.Select(m => m.InstanceId));
            token = next.ContinuationToken;
            pages++;
        }

        Assert.True(first.Values.Count is > 0 and <= 2, $"a first page of {first.Values.Count}");
        Assert.True(pages >= 3, $"{pages} pages");
        Assert.Equal(waiting.Order(), seen.Order());
        var completed = await Ids(hub.Client.GetAllInstancesAsync(new OrchestrationQuery(Statuses: [OrchestrationRuntimeStatus.Completed])));
        Assert.Equal([done], completed);
    }

    [Fact]
    public async Task A_suspended_instance_holds_its_events_until_resumed_and_a_terminated_one_ends_with_the_given_output()
    {
        await using var hub = await StartAsync();
        var ids = await StartWaitersAsync(hub, "s", 2);
        var (paused, stopped) = (ids[0], ids[1]);

        await hub.Client.SuspendInstanceAsync(paused, "checking", Ct);
        await hub.WaitForAsync(paused, m => m.RuntimeStatus == OrchestrationRuntimeStatus.Suspended, Patience, Ct);
        await hub.Client.RaiseEventAsync(paused, Waiter.GoEvent, "later", Ct);
        await Task.Delay(TimeSpan.FromSeconds(2), Ct);
        Assert.Equal(OrchestrationRuntimeStatus.Suspended, (await hub.Client.GetInstanceAsync(paused, Ct))?.RuntimeStatus);

        await hub.Client.ResumeInstanceAsync(paused, "checked", Ct);
        var resumed = await hub.WaitForAsync(paused, m => m.RuntimeStatus == OrchestrationRuntimeStatus.Completed, Patience, Ct);
        Assert.Equal("s0 went later", resumed.ReadOutputAs<string>());

        await hub.Client.TerminateInstanceAsync(stopped, "stopped by an operator", Ct);
        var terminated = await hub.WaitForAsync(stopped, m => m.RuntimeStatus == OrchestrationRuntimeStatus.Terminated, Patience, Ct);
        Assert.Equal("stopped by an operator", terminated.ReadOutputAs<string>());
    }

    [Fact]
    public async Task Purging_removes_one_instance_by_id_or_every_instance_a_filter_matches_and_leaves_the_rest()
    {
        await using var hub = await StartAsync();
        var since = DateTimeOffset.UtcNow.AddMinutes(-1);
        var running = await StartWaitersAsync(hub, "p", 1);
        var finished = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            var id = await hub.Client.ScheduleNewOrchestrationInstanceAsync(nameof(Echo), $"e{i}", Ct);
            await hub.Client.WaitForInstanceCompletionAsync(id, Ct);
            finished.Add(id);
        }

        var one = await hub.Client.PurgeInstanceAsync(finished[0], Ct);
        Assert.Equal(1, one.PurgedInstanceCount);
        Assert.Null(await hub.Client.GetInstanceAsync(finished[0], Ct));

        var many = await hub.Client.PurgeAllInstancesAsync(
            new PurgeInstancesFilter(since, DateTimeOffset.UtcNow.AddMinutes(1), [OrchestrationRuntimeStatus.Completed]), Ct);
        Assert.Equal(3, many.PurgedInstanceCount);
        foreach (var id in finished)
        {
            Assert.Null(await hub.Client.GetInstanceAsync(id, Ct));
        }

        Assert.Equal(OrchestrationRuntimeStatus.Running, (await hub.Client.GetInstanceAsync(running[0], Ct))?.RuntimeStatus);
    }

    private Task<RunningTaskHub> StartAsync() =>
        RunningTaskHub.StartAsync(RunningTaskHub.Options(azurite.ConnectionString), tasks => tasks.AddOrchestrator<Waiter>().AddOrchestrator<Echo>(), Ct);

    private static async Task<List<string>> StartWaitersAsync(RunningTaskHub hub, string prefix, int count)
    {
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            ids.Add(await hub.Client.ScheduleNewOrchestrationInstanceAsync(nameof(Waiter), $"{prefix}{i}", Ct));
        }

        foreach (var id in ids)
        {
            await hub.WaitForAsync(id, m => m.ReadCustomStatusAs<string>() == Waiter.Waiting, Patience, Ct);
        }

        return ids;
    }

    private static async Task<Page<OrchestrationMetadata>> FirstPageAsync(IAsyncEnumerable<Page<OrchestrationMetadata>> pages)
    {
        await foreach (var page in pages.WithCancellation(Ct))
        {
            return page;
        }

        throw new InvalidOperationException("the query returned no page at all");
    }

    private static async Task<List<string>> Ids(AsyncPageable<OrchestrationMetadata> instances)
    {
        var ids = new List<string>();
        await foreach (var instance in instances.WithCancellation(Ct))
        {
            ids.Add(instance.InstanceId);
        }

        return ids;
    }

    /// <summary>Waits for one event and says what came.</summary>
    public sealed class Waiter : TaskOrchestrator<string, string>
    {
        public const string GoEvent = "go";

        public const string Waiting = "waiting";

        public override async Task<string> RunAsync(TaskOrchestrationContext context, string input)
        {
            context.SetCustomStatus(Waiting);
            var go = await context.WaitForExternalEvent<string>(GoEvent);
            return $"{input} went {go}";
        }
    }

    /// <summary>Completes at once with its input in capitals.</summary>
    public sealed class Echo : TaskOrchestrator<string, string>
    {
        public override Task<string> RunAsync(TaskOrchestrationContext context, string input) => Task.FromResult(input.ToUpperInvariant());
    }
}
