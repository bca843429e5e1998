using System.Collections.Concurrent;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Reactivation.Core.Journeys;
using Reactivation.Core.Users;
using Reactivation.Functions.Hosting;
using Reactivation.Infra.Ingestion;
using Reactivation.Infra.Journeys;
using Reactivation.Infra.Storage;
using Xunit;

namespace Reactivation.Functions.Tests.Journeys;

/// <summary>
/// 1,000 journeys run by three competing workers on real Azurite and the real clock, with duplicated and reordered queue
/// deliveries, workers killed at random points and restarted, and clicks racing timeouts: every instance must end,
/// none may be lost, and no message may reach the channel twice.
/// </summary>
public sealed class JourneyReliabilityTests(AzuriteFixture azurite)
{
    private const int Journeys = 1_000;
    private const string ChaosJson = """
        {
          "id": "chaos", "version": 1, "priority": 0, "cooldownDays": 0,
          "entry": { "reasons": ["earlyWarning"], "bands": ["over12Months"] },
          "start": "sms",
          "steps": [
            { "id": "sms", "kind": "send", "channel": "sms", "template": "return-gift-sms", "next": "wait-click",
              "retry": { "firstInterval": "1s", "backoffCoefficient": 1, "maxInterval": "1s", "maxAttempts": 20, "timeout": "1h" } },
            { "id": "wait-click", "kind": "waitFor", "events": [ { "event": "click", "next": "won" } ], "timeout": "3s", "onTimeout": "email" },
            { "id": "email", "kind": "send", "channel": "email", "template": "return-gift-email", "next": "lost",
              "retry": { "firstInterval": "1s", "backoffCoefficient": 1, "maxInterval": "1s", "maxAttempts": 20, "timeout": "1h" } },
            { "id": "won", "kind": "exit", "outcome": "reactivated" },
            { "id": "lost", "kind": "exit", "outcome": "lost" }
          ]
        }
        """;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_thousand_journeys_under_duplicates_reordering_and_killed_workers_all_end_with_no_message_lost_or_sent_twice()
    {
        var calls = new ConcurrentDictionary<string, int>();
        await using var app = await RunningApp.StartAsync(azurite, new Dictionary<string, string?>
        {
            ["Journeys:HoldoutPercent"] = "0",
            ["Journeys:SendTimeout"] = "00:00:02",
            ["Journeys:SendAttemptTimeout"] = "00:00:01",
            ["Journeys:RepairGrace"] = "00:00:05",
        }, s => s.AddSingleton<IMessageChannel>(sp => new CountingChannel(sp.GetRequiredService<OutboxChannel>(), calls)));
        var services = app.Services;
        var (published, problems) = await services.GetRequiredService<JourneyLibrary>().PublishAsync(ChaosJson, Ct);
        Assert.True(published is not null, string.Join("; ", problems));
        var users = Enumerable.Range(0, Journeys).Select(i => $"chaos{i:D4}").ToArray();
        foreach (var chunk in users.Chunk(500))
        {
            await services.GetRequiredService<UserDirectory>().UpsertAsync(
                chunk.Select(u => new UserUpdate(u, "+8613800138000", $"{u}@example.com", "Asia/Shanghai", "zh-CN", "CN", null)).ToArray(), Ct);
        }

        var enroller = services.GetRequiredService<JourneyEnroller>();
        await Parallel.ForEachAsync(users, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = Ct }, async (user, ct) =>
            Assert.True((await enroller.StartAsync("chaos", user, null, ct)).Started));

        var chaos = new Chaos();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var queue = await services.GetRequiredService<StorageAccount>().QueueAsync(QueueNames.JourneyWork, Ct);
        var workers = Enumerable.Range(0, 3).Select(w => WorkAsync(services, queue, chaos, w, stop.Token)).ToList();
        workers.Add(RepairAsync(services.GetRequiredService<JourneyRepair>(), stop.Token));
        workers.Add(ClickAsync(services.GetRequiredService<JourneyEvents>(), users, stop.Token));

        var store = services.GetRequiredService<JourneyStore>();
        var queries = services.GetRequiredService<JourneyQueries>();
        var deadline = DateTimeOffset.UtcNow.AddMinutes(6);
        List<JourneyState> all;
        do
        {
            await Task.Delay(TimeSpan.FromSeconds(2), Ct);
            all = await AllAsync(queries);
        }
        while (all.Any(s => !s.IsTerminal) && DateTimeOffset.UtcNow < deadline);
        await stop.CancelAsync();
        await Task.WhenAll(workers.Select(w => w.ContinueWith(_ => { }, TaskScheduler.Default)));

        Assert.Equal(Journeys, all.Count);
        Assert.All(all, s => Assert.True(s.IsTerminal, $"{s.InstanceId} is still {s.Status} at {s.Step} ({s.Waiting} until {s.DueAt:O})"));
        Assert.All(all, s => Assert.Contains(s.Outcome, new JourneyOutcome?[] { JourneyOutcome.Reactivated, JourneyOutcome.Lost }));

        var outbox = (await services.GetRequiredService<OutboxChannel>().AllAsync(Ct)).GroupBy(r => r.GetString("InstanceId")).ToDictionary(g => g.Key, g => g.Select(r => r.RowKey).Order().ToList());
        foreach (var state in all)
        {
            var expected = state.Outcome == JourneyOutcome.Lost
                ? new[] { $"{state.InstanceId}~email~1", $"{state.InstanceId}~sms~1" }
                : [$"{state.InstanceId}~sms~1"];
            Assert.Equal(expected, outbox.GetValueOrDefault(state.InstanceId) ?? []);
            Assert.Equal(expected.Length, state.Sends);
        }

        // The chaos really happened: workers died mid-step, deliveries were duplicated, and some sends were repeated
        // under their key (reconciliations) without becoming second messages.
        Assert.True(chaos.Kills > 20, $"only {chaos.Kills} kills");
        Assert.True(chaos.Duplicates > 50, $"only {chaos.Duplicates} duplicate deliveries");
        Assert.True(calls.Values.Sum() > outbox.Values.Sum(k => k.Count), "no send was ever repeated, so reconciliation was not exercised");
        Assert.Contains(all, s => s.Outcome == JourneyOutcome.Reactivated);
        Assert.Contains(all, s => s.Outcome == JourneyOutcome.Lost);
        foreach (var user in users.Take(50))
        {
            var (member, _, _) = await store.GetMemberAsync(user, Ct);
            Assert.True(member.ActiveInstanceId is null || (await store.GetAsync(member.ActiveInstanceId, Ct))!.Value.State.IsTerminal);
        }
    }

    private static async Task WorkAsync(IServiceProvider services, QueueClient queue, Chaos chaos, int worker, CancellationToken stop)
    {
        var random = new Random(worker);
        while (!stop.IsCancellationRequested)
        {
            // A "process": a fresh engine that may be killed at any of its crash points; a killed process abandons its
            // batch (the messages come back when their visibility lapses) and a new one starts.
            var engineRandom = new Random(random.Next());
            var engine = new JourneyEngine(
                services.GetRequiredService<JourneyStore>(), services.GetRequiredService<JourneyLibrary>(), services.GetRequiredService<JourneyQueue>(),
                services.GetRequiredService<JourneyMessenger>(), services.GetRequiredService<JourneyOptions>(), TimeProvider.System, NullLogger<JourneyEngine>.Instance);
            engine.Checkpoint = (_, _) => NextDouble(engineRandom) < 0.03 ? throw new SimulatedCrash() : ValueTask.CompletedTask;
            try
            {
                while (!stop.IsCancellationRequested)
                {
                    var messages = (await queue.ReceiveMessagesAsync(16, TimeSpan.FromSeconds(3), stop)).Value;
                    if (messages.Length == 0)
                    {
                        await Task.Delay(100, stop);
                        continue;
                    }

                    var duplicates = messages.Where(_ => random.NextDouble() < 0.1).ToList();
                    foreach (var message in duplicates)
                    {
                        Interlocked.Increment(ref chaos.Duplicates);
                        await queue.SendMessageAsync(message.Body.ToString(), TimeSpan.FromMilliseconds(random.Next(0, 2_000)), TimeSpan.FromSeconds(-1), stop);
                    }

                    // The batch runs concurrently, in shuffled order; a kill anywhere takes the whole process down, and the
                    // messages it had not deleted come back when their visibility lapses.
                    var outcomes = await Task.WhenAll(messages.OrderBy(_ => random.Next()).Select(async message =>
                    {
                        try
                        {
                            await engine.HandleAsync(JourneyQueue.Parse(message.Body.ToString()), stop);
                            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, stop);
                            return false;
                        }
                        catch (SimulatedCrash)
                        {
                            return true;
                        }
                    }));
                    if (outcomes.Any(killed => killed))
                    {
                        throw new SimulatedCrash();
                    }
                }
            }
            catch (SimulatedCrash)
            {
                Interlocked.Increment(ref chaos.Kills);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private static double NextDouble(Random random)
    {
        lock (random)
        {
            return random.NextDouble();
        }
    }

    private static async Task RepairAsync(JourneyRepair repair, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(3), stop);
                await repair.RunAsync(stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
        }
    }

    // Half the users click at a random moment in the first five seconds (some before the 3-second timeout, some after,
    // some twice under the same event id).
    private static async Task ClickAsync(JourneyEvents events, string[] users, CancellationToken stop)
    {
        var random = new Random(42);
        var clicks = users.Where((_, i) => i % 2 == 0).Select(u => (User: u, At: random.Next(0, 5_000), Twice: random.NextDouble() < 0.2)).OrderBy(c => c.At).ToList();
        var started = DateTimeOffset.UtcNow;
        try
        {
            foreach (var click in clicks)
            {
                var wait = started.AddMilliseconds(click.At) - DateTimeOffset.UtcNow;
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, stop);
                }

                var id = JourneyState.IdFor("chaos", click.User, 1);
                await events.RaiseAsync(id, "click", $"click-{click.User}", Channel.Sms, null, stop);
                if (click.Twice)
                {
                    await events.RaiseAsync(id, "click", $"click-{click.User}", Channel.Sms, null, stop);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    private static async Task<List<JourneyState>> AllAsync(JourneyQueries queries)
    {
        var all = new List<JourneyState>();
        string? token = null;
        do
        {
            var (page, next) = await queries.ListAsync(new InstanceQuery("chaos", null, null, null), 1000, token, Ct);
            all.AddRange(page);
            token = next;
        }
        while (token is not null);
        return all;
    }

    private sealed class Chaos
    {
        public int Kills;
        public int Duplicates;
    }

    private sealed class SimulatedCrash : Exception
    {
        public SimulatedCrash()
            : base("worker killed")
        {
        }
    }

    /// <summary>Counts every call per key, then lets the real (idempotent) outbox channel deliver.</summary>
    private sealed class CountingChannel(IMessageChannel inner, ConcurrentDictionary<string, int> calls) : IMessageChannel
    {
        public Task<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
        {
            calls.AddOrUpdate(message.SendKey, 1, (_, n) => n + 1);
            return inner.SendAsync(message, cancellationToken);
        }
    }
}
