using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Reactivation.Functions.Handlers;
using Reactivation.Infra.Storage;
using Reactivation.Infra.Sweeps;
using Xunit;
using static Reactivation.Functions.Tests.Sweeps.SweepIdempotencyTests;

namespace Reactivation.Functions.Tests.Sweeps;

/// <summary>The sweep's hand-offs go out packed into batches and paced, and enrollment takes a batch whole (against real Azurite).</summary>
public sealed class HandoffPacingSweepTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset AsOf = new(2026, 11, 22, 2, 0, 0, TimeSpan.Zero);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_first_sweep_packs_its_hand_offs_into_batches_and_keeps_those_past_the_burst_hidden_until_their_release()
    {
        await using var app = await PopulatedAppAsync(azurite, 400, shards: 1, new Dictionary<string, string?>
        {
            ["Sweep:EnrollmentBurst"] = "40",
            ["Sweep:EnrollmentRate"] = "0.01",
            ["Sweep:HandoffsPerMessage"] = "16",
        });
        var run = await RunAllShardsAsync(app.Services.GetRequiredService<SweepRunner>(), AsOf);
        var handoffs = (await app.Services.GetRequiredService<SweepStore>().GetSummaryAsync(run.SweepDate, Ct))!.Counts.Handoffs.Values.Sum();
        var queue = await app.Services.GetRequiredService<StorageAccount>().QueueAsync(QueueNames.Enrollments, Ct);

        var visible = await DrainHandoffsAsync(app);

        Assert.True(handoffs > 100, $"the population should have many silent users, had {handoffs}");
        Assert.Equal((handoffs + 15) / 16, (await queue.GetPropertiesAsync(Ct)).Value.ApproximateMessagesCount + 3);
        // The burst of 40 is out at once: the messages that begin at hand-offs 0, 16 and 32; the next begins at 48, the
        // ninth past the burst, released 900 s after the run started at one every 100 s.
        Assert.Equal(48, visible.Count);
        Assert.Equal(48, visible.Select(h => h.UserId).Distinct().Count());
    }

    [Fact]
    public async Task Enrollment_takes_a_batch_message_whole_and_a_second_delivery_of_it_starts_nothing()
    {
        await using var app = await PopulatedAppAsync(azurite, 300, shards: 1);
        await RunAllShardsAsync(app.Services.GetRequiredService<SweepRunner>(), AsOf);
        var queue = await app.Services.GetRequiredService<StorageAccount>().QueueAsync(QueueNames.Enrollments, Ct);
        var message = Assert.Single((await queue.ReceiveMessagesAsync(1, TimeSpan.FromMinutes(5), Ct)).Value);
        var batch = HandoffMessages.Read(message.Body.ToString());
        var handler = app.Services.GetRequiredService<EnrollmentHandler>();
        var client = app.Services.GetRequiredService<DurableTaskClient>();

        var first = await handler.HandleAsync(message.Body.ToString(), client, Ct);
        var second = await handler.HandleAsync(message.Body.ToString(), client, Ct);

        Assert.Equal(64, batch.Count);
        Assert.Equal(batch.Select(h => h.HandoffId + ": "), first.Split("; ").Select(line => line[..(line.IndexOf(": ", StringComparison.Ordinal) + 2)]));
        Assert.True(first.Split("; ").Count(line => line.Contains(": started ", StringComparison.Ordinal)) > 32, first);
        Assert.DoesNotContain(": started ", second, StringComparison.Ordinal);
        foreach (var line in first.Split("; ").Where(line => line.Contains(": started ", StringComparison.Ordinal)))
        {
            var instanceId = line.Split(' ')[2];
            Assert.NotNull(await client.GetInstanceAsync(instanceId, Ct));
        }
    }
}
