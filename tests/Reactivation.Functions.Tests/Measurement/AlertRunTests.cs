using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Reactivation.Core.Measurement.Alerts;
using Reactivation.Fakes.Messaging;
using Reactivation.Functions.Tests.Journeys;
using Reactivation.Infra.Measurement;
using Reactivation.Infra.Storage;
using Xunit;

namespace Reactivation.Functions.Tests.Measurement;

/// <summary>Alert runs on Azurite against a webhook receiver on loopback that verifies signatures like a real integration.</summary>
public sealed class AlertRunTests(AzuriteFixture azurite)
{
    private const string Secret = "alert-secret-0123456789abcdef01234567";
    private static readonly DateTimeOffset AsOf = new(2026, 3, 18, 6, 0, 0, TimeSpan.Zero);

    // Two complete weeks at 5% against a 12% floor: one activation alert.
    private static readonly AlertInputs LowActivation = new()
    {
        Activation = [new WeeklyActivation("winback", new DateOnly(2026, 3, 2), 200, 10), new WeeklyActivation("winback", new DateOnly(2026, 3, 9), 200, 10)],
    };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_alert_evaluated_twice_is_stored_once_and_posted_once_with_a_signature_the_receiver_accepts()
    {
        var clock = new FakeTimeProvider(AsOf);
        await using var receiver = await FakeWebhookReceiver.StartAsync(Secret, Ct);
        var (run, ledger) = Build(clock, receiver.Url, Secret);

        var first = await run.RunAsync(LowActivation, AsOf, Ct);
        clock.Advance(TimeSpan.FromHours(6));
        var second = await run.RunAsync(LowActivation, AsOf.AddHours(6), Ct);

        const string id = "activationBelowTarget~journey:winback~2026-03-02..2026-03-15";
        Assert.Equal([id], first.New.Select(a => a.Id));
        Assert.Equal([id], first.Delivered);
        Assert.Equal([id], second.Raised.Select(a => a.Id));
        Assert.Empty(second.New);
        Assert.Empty(second.Attempts);
        var call = Assert.Single(receiver.Calls);
        Assert.True(call.SignatureValid, "the receiver refused the signature");
        Assert.Equal(id, call.IdempotencyKey);
        var body = JsonDocument.Parse(call.Body).RootElement;
        Assert.Equal((id, "activationBelowTarget", "Warning", "journey:winback"), (body.GetProperty("id").GetString(), body.GetProperty("rule").GetString(), body.GetProperty("severity").GetString(), body.GetProperty("subject").GetString()));
        Assert.Equal(("2026-03-02", "2026-03-15"), (body.GetProperty("period").GetProperty("from").GetString(), body.GetProperty("period").GetProperty("to").GetString()));
        Assert.Equal((0.05, 0.12), (body.GetProperty("observed").GetDouble(), Math.Round(body.GetProperty("threshold").GetDouble(), 10)));
        var record = Assert.Single(await ledger.RecentAsync(10, Ct));
        Assert.Equal((AlertDeliveryState.Delivered, 1, AsOf, (DateTimeOffset?)AsOf), (record.State, record.Attempts, record.RaisedAt, record.DeliveredAt));
        Assert.Equal(first.New[0], record.Alert);
    }

    [Fact]
    public async Task A_webhook_answering_500_leaves_the_alert_pending_and_the_next_run_delivers_it()
    {
        var clock = new FakeTimeProvider(AsOf);
        await using var receiver = await FakeWebhookReceiver.StartAsync(Secret, Ct);
        var (run, ledger) = Build(clock, receiver.Url, Secret);
        receiver.AnswerNext(500);

        var failed = await run.RunAsync(LowActivation, AsOf, Ct);
        var pending = Assert.Single(await ledger.PendingAsync(10, Ct));
        clock.Advance(TimeSpan.FromDays(1));
        var retried = await run.RunAsync(new AlertInputs(), AsOf.AddDays(1), Ct);

        Assert.Equal(["webhook answered 500"], failed.Failed.Select(a => a.Error));
        Assert.Empty(failed.Delivered);
        Assert.Equal((AlertDeliveryState.Pending, 1, "webhook answered 500"), (pending.State, pending.Attempts, pending.LastError));
        Assert.Equal([pending.Alert.Id], retried.Delivered);
        Assert.Equal(2, receiver.Calls.Count);
        Assert.All(receiver.Calls, c => Assert.True(c.SignatureValid));
        Assert.Empty(await ledger.PendingAsync(10, Ct));
        var record = Assert.Single(await ledger.RecentAsync(10, Ct));
        Assert.Equal((AlertDeliveryState.Delivered, 2, (DateTimeOffset?)AsOf.AddDays(1)), (record.State, record.Attempts, record.DeliveredAt));
    }

    [Fact]
    public async Task An_alert_signed_with_a_tampered_secret_fails_the_receivers_check_and_stays_pending()
    {
        var clock = new FakeTimeProvider(AsOf);
        await using var receiver = await FakeWebhookReceiver.StartAsync(Secret, Ct);
        var (run, ledger) = Build(clock, receiver.Url, Secret[..^1] + "X");

        var result = await run.RunAsync(LowActivation, AsOf, Ct);

        Assert.Equal(1, receiver.AuthFailures);
        Assert.False(Assert.Single(receiver.Calls).SignatureValid);
        Assert.Equal(["webhook answered 401"], result.Failed.Select(a => a.Error));
        Assert.Equal(AlertDeliveryState.Pending, Assert.Single(await ledger.PendingAsync(10, Ct)).State);
    }

    [Fact]
    public async Task A_receiver_that_cannot_be_reached_leaves_the_alert_pending_with_the_reason()
    {
        var clock = new FakeTimeProvider(AsOf);
        var (run, ledger) = Build(clock, $"http://127.0.0.1:{Loopback.FreePort()}/hooks", Secret);

        var result = await run.RunAsync(LowActivation, AsOf, Ct);

        Assert.StartsWith("webhook unreachable: ", Assert.Single(result.Failed).Error, StringComparison.Ordinal);
        Assert.Equal(1, Assert.Single(await ledger.PendingAsync(10, Ct)).Attempts);
    }

    [Fact]
    public async Task Without_a_webhook_url_alerts_are_only_recorded_and_listed_newest_first()
    {
        var clock = new FakeTimeProvider(AsOf);
        var (run, ledger) = Build(clock, "", "");
        var sends = new AlertInputs { Sends = [new SendHealth(SendHealth.AllChannels, 1_000, 80)] };

        var first = await run.RunAsync(sends, AsOf, Ct);
        await run.RunAsync(sends, AsOf.AddDays(1), Ct);

        Assert.Empty(first.Attempts);
        Assert.Equal(
            ["sendFailureRate~channel:all~2026-03-18..2026-03-18", "sendFailureRate~channel:all~2026-03-17..2026-03-17"],
            (await ledger.RecentAsync(10, Ct)).Select(r => r.Alert.Id));
        Assert.All(await ledger.RecentAsync(10, Ct), r => Assert.Equal((AlertDeliveryState.Pending, 0), (r.State, r.Attempts)));
    }

    [Fact]
    public async Task The_app_binds_the_alerts_section_and_its_alert_run_posts_to_the_configured_webhook()
    {
        var clock = new FakeTimeProvider(AsOf);
        await using var receiver = await FakeWebhookReceiver.StartAsync(Secret, Ct);
        await using var app = await JourneyTestApp.StartAsync(azurite, clock: clock, extra: new Dictionary<string, string?>
        {
            ["Alerts:WebhookUrl"] = receiver.Url,
            ["Alerts:WebhookSecret"] = Secret,
            ["Alerts:ActivationRatio"] = "0.5",
        });

        var result = await app.Services.GetRequiredService<AlertRun>().RunAsync(LowActivation, AsOf, Ct);

        Assert.Equal(0.075, Assert.Single(result.Raised).Threshold, 10);
        Assert.Single(result.Delivered);
        Assert.True(Assert.Single(receiver.Calls).SignatureValid);
    }

    private (AlertRun Run, AlertLedger Ledger) Build(TimeProvider clock, string url, string secret)
    {
        var options = new AlertOptions { WebhookUrl = url, WebhookSecret = secret };
        var ledger = new AlertLedger(new StorageAccount(new StorageOptions { ConnectionString = azurite.ConnectionString, Prefix = "a" + Guid.NewGuid().ToString("N")[..10] }));
        var notifier = new AlertNotifier(new HttpClient { Timeout = TimeSpan.FromSeconds(10) }, options, ledger, clock);
        return (new AlertRun(options, ledger, notifier), ledger);
    }
}
