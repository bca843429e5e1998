using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Reactivation.Core.Journeys;
using Reactivation.Functions.Durable;
using Reactivation.Infra.Journeys;
using Reactivation.Infra.Local;
using Reactivation.Infra.Orchestration;
using Reactivation.Infra.Storage;
using Stopwatch = System.Diagnostics.Stopwatch;

namespace Reactivation.Benchmarks;

/// <summary>
/// Runs many short journeys (send, wait 1 s, send, exit: four steps) as the real journey orchestration on the local
/// Durable Task host against Azurite, and next to it, in the same run and on a task hub of its own, a bare Durable Task
/// orchestration with the same activities and timer (<see cref="BareJourney"/>: four activities that each do one table
/// upsert, with a 1 s timer after the second). Prints journeys per second for both, the ratio, and the app's own
/// storage operations per journey counted at its HTTP pipeline.
/// </summary>
public static class JourneyBenchmark
{
    private const int Shards = 16;
    private const int StartParallelism = 16;
    private const int StepsPerJourney = 4;
    private const double Budget = 0.7;
    private const string Journey = """
        {
          "id": "bench", "version": 1, "entry": { "reasons": ["earlyWarning"] }, "start": "first",
          "steps": [
            { "id": "first", "kind": "send", "channel": "sms", "template": "bench-sms", "next": "pause" },
            { "id": "pause", "kind": "wait", "duration": "1s", "next": "second" },
            { "id": "second", "kind": "send", "channel": "email", "template": "bench-email", "next": "done" },
            { "id": "done", "kind": "exit", "outcome": "completed" }
          ]
        }
        """;

    // How often the ended instances are listed (each listing is a query of the task hub's instance table, which loads the
    // same Azurite); the figure itself is the last instance's own end time, so it does not depend on this.
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ReportInterval = TimeSpan.FromSeconds(2);

    // A run where, once every instance is started, no journey ends and no step runs for a minute is a failure to
    // report, not a figure to wait for.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>Runs the benchmark and prints the figures.</summary>
    public static async Task<int> RunAsync(int journeys, string commandLine, CancellationToken cancellationToken)
    {
        Console.WriteLine($"journey benchmark: {journeys:N0} journeys of {StepsPerJourney} steps on the local Durable Task host, {StartParallelism} starts in flight, {Shards} shards");
        await using var azurite = await AzuriteProcess.StartAsync(cancellationToken: cancellationToken);
        var hub = new TaskHubOptions
        {
            HubName = "benchjourneys", PartitionCount = 4, MaxQueuePollingInterval = TimeSpan.FromSeconds(1), ConnectionString = azurite.ConnectionString,
        };
        var storage = new StorageOptions { ConnectionString = azurite.ConnectionString, Prefix = "bench", ShardCount = Shards };
        var counter = new StorageOperationCounter();

        var bare = await BareAsync(hub with { HubName = "benchbare" }, new StorageAccount(storage with { Prefix = "bare" }), journeys, cancellationToken);
        var (product, opsPerJourney) = await ProductAsync(hub, new StorageAccount(storage, counter), counter, journeys, cancellationToken);

        var ratio = product / bare;
        Console.WriteLine();
        Console.WriteLine($"command: dotnet run -c Release --project tests/Reactivation.Benchmarks -- {commandLine}");
        Console.WriteLine($"{"figure",-44} {"product",12} {"bare Durable",14} {"ratio",7}");
        Console.WriteLine($"{"journeys per second",-44} {product,12:N1} {bare,14:N1} {ratio,7:0.00}  budget {Budget:0.0}{(ratio < Budget ? " (missed)" : "")}");
        Console.WriteLine($"our storage operations per journey: {opsPerJourney:0.00} (the app's own tables, counted at its HTTP pipeline; the Durable provider's own calls are not counted)");
        Console.WriteLine($"task hubs {hub.HubName} and benchbare on one Azurite: {hub.PartitionCount} partitions, queues polled at most {hub.MaxQueuePollingInterval.TotalSeconds:0.###} s apart, " +
            $"{hub.MaxConcurrentOrchestrationWorkItems} orchestration and {hub.MaxConcurrentActivityWorkItems} activity work items at once (the TaskHubOptions defaults)");
        return 0;
    }

    // The real journey orchestration and step activity, with the in-memory channel; returns journeys per second and
    // the app's storage operations per journey.
    private static async Task<(double JourneysPerSecond, double OpsPerJourney)> ProductAsync(
        TaskHubOptions hub, StorageAccount account, StorageOperationCounter counter, int journeys, CancellationToken cancellationToken)
    {
        var clock = TimeProvider.System;
        var options = new JourneyOptions();
        // Marketing templates (the default purpose), so they carry the opt-out the catalogue's lint requires.
        var templatesFile = Path.Combine(Path.GetTempPath(), $"bench-templates-{Environment.ProcessId}.json");
        await File.WriteAllTextAsync(templatesFile, """
            { "bench-sms": { "channel": "sms", "locales": { "en-US": { "body": "hello {{ user.id }}. Reply STOP to opt out" } } },
              "bench-email": { "channel": "email", "locales": { "en-US": { "subject": "hi", "body": "hello {{ user.id }}\nUnsubscribe: {{ unsubscribe_url }}" } } } }
            """, cancellationToken);
        var library = new JourneyLibrary(account, TemplateCatalogue.Load(templatesFile), clock);
        File.Delete(templatesFile);
        var (definition, problems) = await library.PublishAsync(Journey, cancellationToken);
        if (definition is null)
        {
            throw new InvalidOperationException(string.Join("; ", problems));
        }

        var store = new JourneyStore(account);
        var sends = new StrongBox<long>();
        var messenger = new JourneyMessenger(new MemoryChannel(() => Interlocked.Increment(ref sends.Value)), options, clock, NullLogger<JourneyMessenger>.Instance);
        var definitionJson = JourneyJson.Write(definition);

        return await OnHostAsync(
            hub,
            services =>
            {
                // No measurement, why-not-sent ledger or audit trail: the step's own writes only.
                services.AddSingleton(sp => new JourneyStepActivity(store, library, messenger, sp.GetRequiredService<IHostApplicationLifetime>(), clock));
                services.AddSingleton(new JourneyClock(clock));
            },
            tasks => JourneyTasks.Register(tasks),
            async client =>
            {
                async Task StartAsync(string userId, CancellationToken ct)
                {
                    var state = JourneyState.New(definition, userId, 1, new JourneyContext { Reachable = [Channel.Sms, Channel.Email] }, false, clock.GetUtcNow());
                    if (!await JourneyInstances.StartAsync(client, JourneyRun.Start(definitionJson, state, options.RunSettings), ct))
                    {
                        throw new InvalidOperationException($"instance {state.InstanceId} already existed on a new task hub");
                    }
                }

                // Every shard table, then one journey, so the timed part is the steady state (JIT, connections, the tables' clients).
                await Task.WhenAll(Enumerable.Range(0, Shards).Select(s => store.ShardTableAsync(s, cancellationToken)));
                await RunAllAsync("product warm-up", client, [("warm0000", JourneyState.IdFor(definition.Id, "warm0000", 1))], StartAsync, () => Volatile.Read(ref sends.Value), cancellationToken);
                counter.Reset();
                var users = Enumerable.Range(0, journeys).Select(i => $"u{i:D7}").Select(u => (u, JourneyState.IdFor(definition.Id, u, 1))).ToArray();
                var seconds = await RunAllAsync("product", client, users, StartAsync, () => Volatile.Read(ref sends.Value), cancellationToken);
                Console.WriteLine($"  product: {journeys:N0} journeys in {seconds:0.0} s, {journeys / seconds:N1} journeys/s, {counter.Count:N0} of our storage operations");
                return (journeys / seconds, (double)counter.Count / journeys);
            },
            cancellationToken);
    }

    // The bare orchestration of the same shape on its own task hub; returns journeys per second.
    private static Task<double> BareAsync(TaskHubOptions hub, StorageAccount account, int journeys, CancellationToken cancellationToken)
    {
        var steps = new StrongBox<long>();
        return OnHostAsync(
            hub,
            services => services.AddSingleton(sp => new BareStep(account, sp.GetRequiredService<IHostApplicationLifetime>(), () => Interlocked.Increment(ref steps.Value))),
            tasks => tasks
                .AddOrchestrator(BareJourney.Name, () => new BareJourney())
                .AddActivity(BareStep.Name, services => services.GetRequiredService<BareStep>()),
            async client =>
            {
                Task StartAsync(string id, CancellationToken ct) =>
                    client.ScheduleNewOrchestrationInstanceAsync(BareJourney.Name, null, new StartOrchestrationOptions(id), ct);

                await Task.WhenAll(Enumerable.Range(0, Shards).Select(s => account.TableAsync($"journeys{s:D4}", cancellationToken)));
                await RunAllAsync("bare warm-up", client, [("bare~warm0000~1", "bare~warm0000~1")], StartAsync, () => Volatile.Read(ref steps.Value), cancellationToken);
                var ids = Enumerable.Range(0, journeys).Select(i => $"bare~u{i:D7}~1").Select(id => (id, id)).ToArray();
                var seconds = await RunAllAsync("bare", client, ids, StartAsync, () => Volatile.Read(ref steps.Value), cancellationToken);
                Console.WriteLine($"  bare: {journeys:N0} journeys in {seconds:0.0} s, {journeys / seconds:N1} journeys/s (4 activities of one upsert each, each after a commit timer, and a 1 s timer: as many as the product makes)");
                return journeys / seconds;
            },
            cancellationToken);
    }

    // Builds and starts a generic host with the local Durable Task host running the tasks `register` adds on `hub` (a
    // client alone when null), runs `body` with its client, then stops and disposes the host.
    internal static async Task<T> OnHostAsync<T>(
        TaskHubOptions hub, Action<IServiceCollection> configure, Action<DurableTaskRegistry>? register, Func<DurableTaskClient, Task<T>> body, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddLocalDurableTask(hub, register);
        configure(builder.Services);
        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken);
            return await body(host.Services.GetRequiredService<DurableTaskClient>());
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
            if (host is IAsyncDisposable disposable)
            {
                await disposable.DisposeAsync();
            }
            else
            {
                host.Dispose();
            }
        }
    }

    // Starts every instance (`StartParallelism` at a time) and, meanwhile and after, waits until each has ended,
    // printing progress. Returns the seconds from the first start to the end of the last instance as Durable recorded
    // it; fails on any instance that did not complete, and when for `Patience` after the last start no instance ends
    // and `steps` (the steps' own count of what they did) does not move.
    private static async Task<double> RunAllAsync(
        string label, DurableTaskClient client, IReadOnlyList<(string Key, string InstanceId)> instances, Func<string, CancellationToken, Task> start,
        Func<long> steps, CancellationToken cancellationToken)
    {
        var started = new StrongBox<int>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var startedAt = DateTimeOffset.UtcNow;
        var watch = Stopwatch.StartNew();
        var starting = StartAllAsync(instances, start, started, watch, stop.Token);
        try
        {
            var wanted = instances.Select(i => i.InstanceId).ToHashSet(StringComparer.Ordinal);
            var lastEnd = await WaitForEndAsync(label, client, wanted, starting, () => Volatile.Read(ref started.Value), steps, watch, cancellationToken);

            // Durable's own end time, not when the listing saw it; the listing's time if the two disagree.
            var seconds = (lastEnd - startedAt).TotalSeconds;
            return seconds > 0 && seconds <= watch.Elapsed.TotalSeconds ? seconds : watch.Elapsed.TotalSeconds;
        }
        finally
        {
            // Only after a failure is anything still starting; its own failure, if any, is not the one to report.
            await stop.CancelAsync();
            await ((Task)starting).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    // Starts every instance, counting them in `started`; returns when the last start was done.
    private static async Task<TimeSpan> StartAllAsync(
        IReadOnlyList<(string Key, string InstanceId)> instances, Func<string, CancellationToken, Task> start, StrongBox<int> started, Stopwatch watch,
        CancellationToken cancellationToken)
    {
        await Parallel.ForEachAsync(
            instances, new ParallelOptions { MaxDegreeOfParallelism = StartParallelism, CancellationToken = cancellationToken }, async (instance, ct) =>
            {
                await start(instance.Key, ct);
                Interlocked.Increment(ref started.Value);
            });
        return watch.Elapsed;
    }

    // Lists the ended instances every `PollInterval` until all of `wanted` have ended; returns the latest end.
    private static async Task<DateTimeOffset> WaitForEndAsync(
        string label, DurableTaskClient client, HashSet<string> wanted, Task<TimeSpan> starting, Func<int> started, Func<long> steps, Stopwatch watch,
        CancellationToken cancellationToken)
    {
        var query = new OrchestrationQuery(
            Statuses: [OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated], PageSize: 1000);
        var (lastCount, lastSteps, lastChange, nextReport, reportedStarts) = (0, 0L, watch.Elapsed, ReportInterval, wanted.Count == 1);
        while (true)
        {
            await Task.Delay(PollInterval, cancellationToken);
            if (starting.IsFaulted || starting.IsCanceled)
            {
                await starting;
            }

            if (starting.IsCompletedSuccessfully && !reportedStarts)
            {
                Console.WriteLine($"  {label}: {wanted.Count:N0} instances started in {(await starting).TotalSeconds:0.0} s");
                reportedStarts = true;
            }

            var (ended, lastEnd) = (0, DateTimeOffset.MinValue);
            await foreach (var metadata in client.GetAllInstancesAsync(query).WithCancellation(cancellationToken))
            {
                if (!wanted.Contains(metadata.InstanceId))
                {
                    continue;
                }

                if (metadata.RuntimeStatus != OrchestrationRuntimeStatus.Completed)
                {
                    var failed = await client.GetInstanceAsync(metadata.InstanceId, getInputsAndOutputs: true, cancellationToken);
                    var why = failed?.FailureDetails?.ErrorMessage ?? failed?.SerializedOutput ?? "no failure recorded";
                    throw new InvalidOperationException($"{label}: instance {metadata.InstanceId} ended {metadata.RuntimeStatus}: {why}");
                }

                ended++;
                lastEnd = metadata.LastUpdatedAt > lastEnd ? metadata.LastUpdatedAt : lastEnd;
            }

            if (ended == wanted.Count)
            {
                return lastEnd;
            }

            if (watch.Elapsed >= nextReport)
            {
                var starts = started();
                Console.WriteLine($"  {label}: {ended:N0}/{wanted.Count:N0} journeys ended, {watch.Elapsed.TotalSeconds:0} s{(starts < wanted.Count ? $" ({starts:N0} started)" : "")}");
                while (nextReport <= watch.Elapsed)
                {
                    nextReport += ReportInterval;
                }
            }

            // Every instance takes its steps side by side, so a large run ends none for a long while (at 500 the first
            // product journey has ended up to 52 s after the last start); a run stuck ends none and takes no step.
            var stepsNow = steps();
            if (ended != lastCount || stepsNow != lastSteps || !starting.IsCompleted)
            {
                (lastCount, lastSteps, lastChange) = (ended, stepsNow, watch.Elapsed);
            }
            else if (watch.Elapsed - lastChange >= Patience)
            {
                throw new InvalidOperationException(
                    $"{label}: no journey ended and no step ran for {Patience.TotalSeconds:0} s, with {ended:N0} of {wanted.Count:N0} ended and {stepsNow:N0} steps taken " +
                    $"after {watch.Elapsed.TotalSeconds:0} s");
            }
        }
    }

    /// <summary>An idempotent in-memory channel, so the figures are the engine's own work and not an outbox's or a provider's.</summary>
    /// <param name="sent">Told of every send (the benchmark's sign that steps are being taken).</param>
    private sealed class MemoryChannel(Action sent) : IMessageChannel
    {
        private readonly ConcurrentDictionary<string, bool> _sent = new();

        public Task<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
        {
            _sent.TryAdd(message.SendKey, true);
            sent();
            return Task.FromResult(SendResult.Sent(message.SendKey));
        }
    }
}
