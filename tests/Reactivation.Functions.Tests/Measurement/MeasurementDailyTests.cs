using Microsoft.Extensions.DependencyInjection;
using Reactivation.Fakes.Messaging;
using Reactivation.Functions.Handlers;
using Reactivation.Functions.Tests.Journeys;
using Reactivation.Infra.Journeys;
using Reactivation.Infra.Measurement;
using Xunit;

namespace Reactivation.Functions.Tests.Measurement;

public sealed class MeasurementDailyTests(AzuriteFixture azurite)
{
    private const string Secret = "daily-alert-secret-0123456789abcdef0123";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Two_weeks_of_activation_under_target_raise_one_alert_posted_signed_once_however_often_the_timer_runs()
    {
        var clock = JourneyTestApp.NewClock();
        await using var receiver = await FakeWebhookReceiver.StartAsync(Secret, Ct);
        await using var app = await JourneyTestApp.StartAsync(azurite, clock: clock, extra: new Dictionary<string, string?>
        {
            ["Alerts:WebhookUrl"] = receiver.Url,
            ["Alerts:WebhookSecret"] = Secret,
            ["Alerts:MinReachedPerWeek"] = "3",
        });
        var (published, problems) = await app.Services.GetRequiredService<JourneyLibrary>().PublishAsync(MeasuredJourney.MeasuredJson, Ct);
        Assert.True(published is not null, string.Join("; ", problems));

        // Two Mondays of enrollments whose treated users are messaged and never come back.
        await MeasuredJourney.EnrollAsync(app, Enumerable.Range(1, 12).Select(i => $"w1-{i}").ToArray());
        clock.Advance(TimeSpan.FromDays(7));
        await MeasuredJourney.EnrollAsync(app, Enumerable.Range(1, 12).Select(i => $"w2-{i}").ToArray());
        clock.Advance(TimeSpan.FromDays(7));
        var handler = app.Services.GetRequiredService<MeasurementDailyHandler>();

        var first = await handler.HandleAsync(clock.GetUtcNow(), Ct);
        var second = await handler.HandleAsync(clock.GetUtcNow(), Ct);

        Assert.Contains("1 alerts raised, 1 new, 1 posted", first, StringComparison.Ordinal);
        Assert.Contains("1 alerts raised, 0 new, 0 posted", second, StringComparison.Ordinal);
        var call = Assert.Single(receiver.Calls);
        Assert.True(call.SignatureValid);
        Assert.Contains("activationBelowTarget", call.Body, StringComparison.Ordinal);
        Assert.Contains("journey:measured", call.Body, StringComparison.Ordinal);
        var stored = Assert.Single(await app.Services.GetRequiredService<AlertLedger>().RecentAsync(10, Ct));
        Assert.Equal(AlertDeliveryState.Delivered, stored.State);
    }
}
