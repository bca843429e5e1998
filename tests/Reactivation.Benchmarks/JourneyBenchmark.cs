using System.Collections.Concurrent;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.Extensions.Logging.Abstractions;
using Reactivation.Core.Journeys;
using Reactivation.Infra.Journeys;
using Reactivation.Infra.Local;
using Reactivation.Infra.Storage;
using Stopwatch = System.Diagnostics.Stopwatch;

namespace Reactivation.Benchmarks;

/// <summary>
/// Runs many short journeys (send, wait 1 s, send, exit: four steps) through the real engine against Azurite, and next to
/// it, in the same run, a raw loop of the storage work one step needs: one table transaction, one queue put, get and delete.
/// Prints steps per second, the ratio, and the storage operations per step counted at the HTTP pipeline.
/// </summary>
public static class JourneyBenchmark
{
    private const int Shards = 16;
    private const int Parallelism = 16;
    private const int StepsPerJourney = 4;
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

    /// <summary>Runs the benchmark and prints the figures.</summary>
    public static async Task<int> RunAsync(int journeys, string commandLine, CancellationToken cancellationToken)
    {
        Console.WriteLine($"journey benchmark: {journeys:N0} journeys of {StepsPerJourney} steps, {Parallelism} in flight, {Shards} shards");
        await using var azurite = await AzuriteProcess.StartAsync(cancellationToken: cancellationToken);
        var counter = new StorageOperationCounter();
        var options = new StorageOptions { ConnectionString = azurite.ConnectionString, Prefix = "bench", ShardCount = Shards, Parallelism = Parallelism };
        var account = new StorageAccount(options, counter);

        var raw = await RawStepsAsync(new StorageAccount(options with { Prefix = "raw" }), journeys * StepsPerJourney, cancellationToken);
        var (product, opsPerStep, transitions) = await ProductAsync(account, counter, journeys, cancellationToken);

        Console.WriteLine();
        Console.WriteLine($"command: dotnet run -c Release --project tests/Reactivation.Benchmarks -- {commandLine}");
        Console.WriteLine($"{"figure",-44} {"product",12} {"raw baseline",14} {"ratio",7}");
        Console.WriteLine($"{"journey steps per second",-44} {product,12:N0} {raw,14:N0} {product / raw,7:0.00}");
        Console.WriteLine($"storage operations per step: {opsPerStep:0.00} (budget 3); {transitions:0.00} queue messages handled per journey");
        return 0;
    }

    private static async Task<(double StepsPerSecond, double OpsPerStep, double TransitionsPerJourney)> ProductAsync(
        StorageAccount account, StorageOperationCounter counter, int journeys, CancellationToken cancellationToken)
    {
        var clock = TimeProvider.System;
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
        var queue = new JourneyQueue(account, clock);
        var engine = new JourneyEngine(
            store, library, queue, new JourneyMessenger(new MemoryChannel(), new JourneyOptions(), clock, NullLogger<JourneyMessenger>.Instance), new JourneyOptions(), clock,
            NullLogger<JourneyEngine>.Instance);
        var ids = Enumerable.Range(0, journeys).Select(i => JourneyState.IdFor(definition.Id, $"u{i:D7}", 1)).ToArray();
        Console.Write($"  set-up: creating {journeys:N0} instances and their start messages ... ");
        await Parallel.ForEachAsync(ids, Options(cancellationToken), async (id, ct) =>
        {
            var state = JourneyState.New(definition, JourneyStore.UserOf(id), 1, new JourneyContext { Reachable = [Channel.Sms, Channel.Email] }, false, clock.GetUtcNow());
            await store.CreateAsync(state, [new HistoryEntry(state.CreatedAt, "enrolled", null, "benchmark")], ct);
            await queue.PutAsync(new JourneyMessage { Id = id, Kind = JourneyMessageKind.Start }, ct);
        });
        Console.WriteLine("done");

        // Warm definitions and clients so the timed part is the steady state.
        await library.GetAsync(definition.Id, definition.Version, cancellationToken);
        counter.Reset();
        var work = await account.QueueAsync(QueueNames.JourneyWork, cancellationToken);
        var watch = Stopwatch.StartNew();
        var ended = 0;
        var failed = 0;
        string? firstFailure = null;
        var transitions = 0L;
        using var done = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var stalled = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var progress = Task.Run(async () =>
        {
            var (last, still) = (-1L, 0);
            while (!done.IsCancellationRequested)
            {
                await Task.Delay(2_000, CancellationToken.None);
                Console.WriteLine($"  product: {Volatile.Read(ref ended):N0}/{journeys:N0} journeys ended, {watch.Elapsed.TotalSeconds:0} s");

                // A run where no journey ends for a minute is a failure to report, not a figure to wait for.
                (still, last) = Volatile.Read(ref ended) == last ? (still + 1, last) : (0, Volatile.Read(ref ended));
                if (still == 30)
                {
                    await stalled.CancelAsync();
                }
            }
        }, CancellationToken.None);
        try
        {
            await Task.WhenAll(Enumerable.Range(0, Parallelism / 8).Select(_ => PumpAsync(work, engine, () => Volatile.Read(ref ended) >= journeys, line =>
            {
                if (line.Contains(" Completed ", StringComparison.Ordinal))
                {
                    Interlocked.Increment(ref ended);
                }
                else if (line.Contains(" Failed at ", StringComparison.Ordinal) || line.EndsWith("the instance is Failed", StringComparison.Ordinal))
                {
                    Interlocked.Increment(ref ended);
                    Interlocked.Increment(ref failed);
                    Interlocked.CompareExchange(ref firstFailure, line, null);
                }

                Interlocked.Increment(ref transitions);
            }, stalled.Token)));
        }
        catch (OperationCanceledException) when (stalled.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            var waiting = (await work.GetPropertiesAsync(CancellationToken.None)).Value.ApproximateMessagesCount;
            throw new InvalidOperationException($"no journey ended for 60 s with {Volatile.Read(ref ended):N0} of {journeys:N0} ended and {waiting:N0} messages on the queue");
        }

        if (Volatile.Read(ref failed) > 0)
        {
            throw new InvalidOperationException($"{failed:N0} of {journeys:N0} journeys failed; the first: {firstFailure}");
        }

        var seconds = watch.Elapsed.TotalSeconds;
        await done.CancelAsync();
        await progress;
        var steps = (double)journeys * StepsPerJourney;
        Console.WriteLine($"  product: {steps:N0} steps in {seconds:0.0} s, {steps / seconds:N0} steps/s, {counter.Count:N0} storage operations");
        return (steps / seconds, counter.Count / steps, (double)transitions / journeys);
    }

    // A worker: receive up to 32 visible messages, handle them 8 at a time, delete them; until every journey has ended.
    private static async Task PumpAsync(QueueClient work, JourneyEngine engine, Func<bool> finished, Action<string> handled, CancellationToken cancellationToken)
    {
        while (!finished())
        {
            var messages = (await work.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(1), cancellationToken)).Value;
            if (messages.Length == 0)
            {
                await Task.Delay(20, cancellationToken);
                continue;
            }

            await Parallel.ForEachAsync(messages, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (message, ct) =>
            {
                handled(await engine.HandleAsync(JourneyQueue.Parse(message.Body.ToString()), ct));
                await work.DeleteMessageAsync(message.MessageId, message.PopReceipt, ct);
            });
        }
    }

    // The storage work of one step with no engine: a two-entity transaction in the instance's partition, a queue put,
    // a get and a delete.
    private static async Task<double> RawStepsAsync(StorageAccount account, int steps, CancellationToken cancellationToken)
    {
        var queue = await account.QueueAsync("raw-steps", cancellationToken);
        var tables = await Task.WhenAll(Enumerable.Range(0, Shards).Select(s => account.TableAsync($"rawjourneys{s:D4}", cancellationToken)));
        var watch = Stopwatch.StartNew();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, Parallelism).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next); i < steps; i = Interlocked.Increment(ref next))
            {
                var partition = $"raw~u{i / StepsPerJourney:D7}~1";
                await tables[i % Shards].SubmitTransactionAsync(
                    [
                        new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(partition, "_instance") { ["State"] = new string('x', 600), ["Sequence"] = i }),
                        new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(partition, $"history~{i:D8}") { ["Entries"] = new string('y', 300) }),
                    ], cancellationToken);
                await queue.SendMessageAsync($"{{\"id\":\"{partition}\",\"kind\":\"timer\"}}", cancellationToken);
                var received = (await queue.ReceiveMessagesAsync(1, TimeSpan.FromMinutes(1), cancellationToken)).Value;
                foreach (var message in received)
                {
                    await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
                }
            }
        }));
        var seconds = watch.Elapsed.TotalSeconds;
        Console.WriteLine($"  raw baseline: {steps:N0} steps in {seconds:0.0} s, {steps / seconds:N0} steps/s (transaction, put, get, delete each)");
        return steps / seconds;
    }

    private static ParallelOptions Options(CancellationToken cancellationToken) => new() { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken };

    /// <summary>An idempotent in-memory channel, so the figures are the engine's storage work and not an outbox's.</summary>
    private sealed class MemoryChannel : IMessageChannel
    {
        private readonly ConcurrentDictionary<string, bool> _sent = new();

        public Task<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
        {
            _sent.TryAdd(message.SendKey, true);
            return Task.FromResult(SendResult.Sent(message.SendKey));
        }
    }
}
