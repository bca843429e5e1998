using Reactivation.Infra.Journeys;
using Reactivation.Infra.Storage;
using Xunit;

namespace Reactivation.Functions.Tests.Journeys;

/// <summary>Durable timers on the journey-work queue come back when due, not before.</summary>
public sealed class JourneyQueueTests(AzuriteFixture azurite)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_timer_due_in_less_than_a_second_stays_invisible_until_it_is_due_instead_of_coming_back_at_once()
    {
        var account = new StorageAccount(new StorageOptions { ConnectionString = azurite.ConnectionString, Prefix = "q" + Guid.NewGuid().ToString("N")[..10] });
        var queue = new JourneyQueue(account, TimeProvider.System);
        var work = await account.QueueAsync(QueueNames.JourneyWork, Ct);

        await queue.PutAsync(new JourneyMessage { Id = "probe~u1~1", Kind = JourneyMessageKind.Repair, DueAt = DateTimeOffset.UtcNow.AddMilliseconds(400) }, Ct);

        Assert.Empty((await work.ReceiveMessagesAsync(1, cancellationToken: Ct)).Value);
        await Task.Delay(TimeSpan.FromSeconds(2.5), Ct);
        Assert.Single((await work.ReceiveMessagesAsync(1, cancellationToken: Ct)).Value);
    }
}
