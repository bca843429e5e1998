using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Reactivation.Functions.Hosting;
using Reactivation.Infra.Storage;
using Reactivation.Infra.Sweeps;
using Xunit;

namespace Reactivation.Functions.Tests.Hosting;

/// <summary>The standalone host fires the catalogue's timers and polls its queues like the Functions host would.</summary>
public sealed class LocalHostTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task The_local_scheduler_fires_the_sweep_timer_from_its_ncrontab_schedule_and_the_poller_processes_its_shards()
    {
        await using var app = await RunningApp.StartAsync(azurite,
            new Dictionary<string, string?> { ["Host:RunTriggers"] = "true", ["Sweep:Schedule"] = "*/2 * * * * *" });
        var store = app.Services.GetRequiredService<SweepStore>();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);

        var summary = await EventuallyAsync(async () => await store.GetSummaryAsync(today, TestContext.Current.CancellationToken) is { Status: "complete" } s ? s : null);

        Assert.Equal(4, summary.ShardsComplete);
    }

    [Fact]
    public async Task A_message_that_keeps_failing_moves_to_the_poison_queue_after_five_attempts()
    {
        await using var app = await RunningApp.StartAsync(azurite, new Dictionary<string, string?> { ["Host:RunTriggers"] = "true" });
        var account = app.Services.GetRequiredService<StorageAccount>();
        var queue = await account.QueueAsync(QueueNames.SweepShards, TestContext.Current.CancellationToken);
        var poisonBody = JsonSerializer.Serialize(new SweepShardMessage(new DateOnly(2001, 1, 1), 0), SweepJson.Options);
        await queue.SendMessageAsync(poisonBody, TestContext.Current.CancellationToken);
        var poison = await account.QueueAsync(QueueNames.PoisonOf(QueueNames.SweepShards), TestContext.Current.CancellationToken);

        var moved = await EventuallyAsync(async () =>
            (await poison.PeekMessagesAsync(1, TestContext.Current.CancellationToken)).Value.FirstOrDefault());

        Assert.Equal(poisonBody, moved.Body.ToString());
        Assert.Empty((await queue.PeekMessagesAsync(1, TestContext.Current.CancellationToken)).Value);
    }

    private static async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe) where T : class
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            await Task.Delay(250, TestContext.Current.CancellationToken);
        }

        throw new TimeoutException("the condition did not hold within 60 seconds");
    }
}
