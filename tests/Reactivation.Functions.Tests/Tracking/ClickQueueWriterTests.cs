using Microsoft.Extensions.DependencyInjection;
using Reactivation.Functions.Hosting;
using Reactivation.Infra.Storage;
using Reactivation.Infra.Tracking;
using Xunit;

namespace Reactivation.Functions.Tests.Tracking;

/// <summary>The click queue's group commit on Azurite: clicks share messages under load, and each is written exactly once.</summary>
public sealed class ClickQueueWriterTests(AzuriteFixture azurite)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Clicks_arriving_together_share_queue_messages_and_every_click_is_in_exactly_one()
    {
        await using var app = await RunningApp.StartAsync(azurite);
        var writer = app.Services.GetRequiredService<ClickQueueWriter>();
        var clicks = Enumerable.Range(0, 300)
            .Select(i => new PendingClick($"j~u{i}~1~s~1", $"c{i:D4}", DateTimeOffset.UtcNow, "GET", "Mozilla/5.0", null, "https://shop.example.com/"))
            .ToList();

        await Task.WhenAll(clicks.Select(c => writer.WriteAsync(c, Ct)));

        var queue = await app.Services.GetRequiredService<StorageAccount>().QueueAsync(QueueNames.ClickWork, Ct);
        var written = new List<PendingClick>();
        var messages = 0;
        while ((await queue.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(1), Ct)).Value is { Length: > 0 } received)
        {
            messages += received.Length;
            written.AddRange(received.SelectMany(m => PendingClick.Parse(m.Body.ToString())));
        }

        Assert.Equal(clicks.Select(c => c.ClickId).Order(StringComparer.Ordinal), written.Select(c => c.ClickId).Order(StringComparer.Ordinal));
        Assert.InRange(messages, 1, clicks.Count / 2);
    }

    [Fact]
    public async Task A_click_too_big_to_share_a_message_still_goes_alone()
    {
        await using var app = await RunningApp.StartAsync(azurite);
        var writer = app.Services.GetRequiredService<ClickQueueWriter>();
        var long1 = new PendingClick("j~u1~1~s~1", "big1", DateTimeOffset.UtcNow, "GET", null, null, "https://shop.example.com/?q=" + new string('a', 15_000));
        var long2 = long1 with { ClickId = "big2" };

        await Task.WhenAll(writer.WriteAsync(long1, Ct), writer.WriteAsync(long2, Ct));

        var queue = await app.Services.GetRequiredService<StorageAccount>().QueueAsync(QueueNames.ClickWork, Ct);
        var received = (await queue.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(1), Ct)).Value;
        Assert.Equal(2, received.Length);
        Assert.All(received, m => Assert.Single(PendingClick.Parse(m.Body.ToString())));
    }
}
