using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Xunit;

namespace Reactivation.Functions.Tests.Durable;

/// <summary>
/// Orchestrations outlive the process that runs them: a host stopped and disposed while an orchestration waits on a
/// timer hands it, through storage, to the next host on the same task hub, which finishes it without redoing the work
/// already done.
/// </summary>
public sealed class LocalDurableTaskRestartTests(AzuriteFixture azurite)
{
    private static readonly ConcurrentDictionary<string, int> Runs = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_orchestration_waiting_on_a_timer_when_its_host_stops_completes_in_the_next_host_without_rerunning_finished_activities()
    {
        var options = RunningTaskHub.Options(azurite.ConnectionString);
        string id;
        var stopping = Stopwatch.StartNew();
        await using (var first = await RunningTaskHub.StartAsync(options, Register, Ct))
        {
            id = await first.Client.ScheduleNewOrchestrationInstanceAsync(nameof(TwoStepJourney), 6, Ct);
            var waiting = await first.WaitForAsync(id, m => m.ReadCustomStatusAs<string>() == TwoStepJourney.Waiting, TimeSpan.FromSeconds(30), Ct);
            Assert.Equal(OrchestrationRuntimeStatus.Running, waiting.RuntimeStatus);
            Assert.Equal(1, Runs.GetValueOrDefault($"{id}/{nameof(FirstStep)}"));
            stopping.Restart();
        }

        var stopped = stopping.Elapsed;

        await using var second = await RunningTaskHub.StartAsync(options, Register, Ct);
        var done = await second.WaitForAsync(id, m => m.RuntimeStatus != OrchestrationRuntimeStatus.Running, TimeSpan.FromSeconds(30), Ct);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("first, then second", done.ReadOutputAs<string>());
        Assert.Equal(1, Runs.GetValueOrDefault($"{id}/{nameof(FirstStep)}"));
        Assert.Equal(1, Runs.GetValueOrDefault($"{id}/{nameof(SecondStep)}"));
        Assert.True(stopped < TimeSpan.FromSeconds(10), $"stopping and disposing the first host took {stopped}");
    }

    [Fact]
    public async Task A_host_stopped_while_an_activity_is_still_running_stops_and_disposes_within_seconds()
    {
        var options = RunningTaskHub.Options(azurite.ConnectionString);
        var stopping = Stopwatch.StartNew();
        await using (var hub = await RunningTaskHub.StartAsync(options, tasks => tasks.AddOrchestrator<StuckJourney>().AddActivity<StuckStep>(), Ct))
        {
            var id = await hub.Client.ScheduleNewOrchestrationInstanceAsync(nameof(StuckJourney), Ct);
            await StuckStep.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);
            stopping.Restart();
        }

        var stopped = stopping.Elapsed;
        StuckStep.Release.TrySetResult();
        Assert.True(stopped < TimeSpan.FromSeconds(15), $"stopping and disposing the host took {stopped}");
    }

    private static void Register(DurableTaskRegistry tasks) => tasks.AddOrchestrator<TwoStepJourney>().AddActivity<FirstStep>().AddActivity<SecondStep>();

    private static string Count(TaskActivityContext context, string step)
    {
        Runs.AddOrUpdate($"{context.InstanceId}/{step}", 1, (_, n) => n + 1);
        return step == nameof(FirstStep) ? "first" : "second";
    }

    /// <summary>One activity, a timer of the given seconds, another activity.</summary>
    public sealed class TwoStepJourney : TaskOrchestrator<int, string>
    {
        public const string Waiting = "waiting on the timer";

        public override async Task<string> RunAsync(TaskOrchestrationContext context, int input)
        {
            var first = await context.CallActivityAsync<string>(nameof(FirstStep));
            context.SetCustomStatus(Waiting);
            await context.CreateTimer(TimeSpan.FromSeconds(input), CancellationToken.None);
            var second = await context.CallActivityAsync<string>(nameof(SecondStep));
            return $"{first}, then {second}";
        }
    }

    /// <summary>Calls an activity that does not finish until the test lets it.</summary>
    public sealed class StuckJourney : TaskOrchestrator<object?, string>
    {
        public override Task<string> RunAsync(TaskOrchestrationContext context, object? input) => context.CallActivityAsync<string>(nameof(StuckStep));
    }

    /// <summary>Signals that it runs, then waits for <see cref="Release"/>.</summary>
    public sealed class StuckStep : TaskActivity<object?, string>
    {
        public static readonly TaskCompletionSource Entered = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public static readonly TaskCompletionSource Release = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override async Task<string> RunAsync(TaskActivityContext context, object? input)
        {
            Entered.TrySetResult();
            await Release.Task;
            return "released";
        }
    }

    /// <summary>Counts its runs per instance.</summary>
    public sealed class FirstStep : TaskActivity<object?, string>
    {
        public override Task<string> RunAsync(TaskActivityContext context, object? input) => Task.FromResult(Count(context, nameof(FirstStep)));
    }

    /// <summary>Counts its runs per instance.</summary>
    public sealed class SecondStep : TaskActivity<object?, string>
    {
        public override Task<string> RunAsync(TaskActivityContext context, object? input) => Task.FromResult(Count(context, nameof(SecondStep)));
    }
}
