using Microsoft.DurableTask.Client;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Reactivation.Core.Journeys;
using Reactivation.Fakes.Messaging;
using Reactivation.Functions.Tests.Journeys;
using Reactivation.Infra.Journeys;
using Xunit;

namespace Reactivation.Functions.Tests.Messaging;

/// <summary>The webhook channel against a receiver on loopback that checks the signature the way a provider integration would.</summary>
public sealed class WebhookChannelTests(AzuriteFixture azurite)
{
    private const string Secret = "webhook-secret-0123456789abcdef0123";
    private const string HookJson = """
        {
          "id": "hook", "version": 1, "entry": { "reasons": ["earlyWarning"], "bands": ["over12Months"] }, "start": "task",
          "steps": [
            { "id": "task", "kind": "send", "channel": "webhook", "template": "cs-task", "next": "done",
              "retry": { "firstInterval": "1m", "backoffCoefficient": 1, "maxInterval": "1m", "maxAttempts": 3, "timeout": "1h" } },
            { "id": "done", "kind": "exit", "outcome": "completed" }
          ]
        }
        """;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_webhook_send_is_a_signed_post_with_the_send_key_and_a_failed_delivery_is_retried_under_the_same_key()
    {
        await using var receiver = await FakeWebhookReceiver.StartAsync(Secret, cancellationToken: Ct);
        receiver.AnswerNext(503);
        await using var app = await JourneyTestApp.StartAsync(azurite, extra: new Dictionary<string, string?>
        {
            ["Webhook:Url"] = receiver.Url,
            ["Webhook:Secret"] = Secret,
        });
        Assert.Empty((await app.Services.GetRequiredService<JourneyLibrary>().PublishAsync(HookJson, Ct)).Problems);
        await app.AddUsersAsync("hooked");

        var id = (await app.Services.GetRequiredService<JourneyEnroller>().StartAsync(app.Services.GetRequiredService<DurableTaskClient>(), "hook", "hooked", null, Ct)).InstanceId!;
        await app.PumpAsync();
        Assert.Equal(WaitingFor.Retry, (await app.StateAsync(id)).Waiting);
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await app.PumpAsync();

        Assert.Equal((JourneyOutcome.Completed, 1), ((await app.StateAsync(id)).Outcome, (await app.StateAsync(id)).Sends));
        var calls = receiver.Calls.ToList();
        Assert.Equal(2, calls.Count);
        Assert.All(calls, c => Assert.True(c.SignatureValid, "the signature did not verify"));
        Assert.All(calls, c => Assert.Equal("hook~hooked~1~task~1", c.IdempotencyKey));
        var body = JsonDocument.Parse(calls[1].Body).RootElement;
        Assert.Equal(("hooked", "cs-task"), (body.GetProperty("userId").GetString(), body.GetProperty("template").GetString()));
        Assert.Contains("\"user\":\"hooked\"", body.GetProperty("body").GetString(), StringComparison.Ordinal);
        Assert.Empty(await app.OutboxAsync("hooked"));
    }

    [Fact]
    public async Task Where_no_webhook_is_configured_nobody_is_reachable_by_webhook_and_its_step_is_skipped_not_sent()
    {
        await using var acs = await FakeAcsServer.StartAsync(cancellationToken: Ct);
        await using var app = await JourneyTestApp.StartAsync(azurite, extra: new Dictionary<string, string?>
        {
            ["Messaging:UseLocalOutbox"] = "false",
            ["Acs:ConnectionString"] = acs.ConnectionString,
            ["Acs:SmsFrom"] = "+18005550100",
            ["Acs:EmailSender"] = "DoNotReply@mail.example.com",
        });
        Assert.Empty((await app.Services.GetRequiredService<JourneyLibrary>().PublishAsync(HookJson, Ct)).Problems);
        await app.AddUsersAsync("unhooked");

        var id = (await app.Services.GetRequiredService<JourneyEnroller>().StartAsync(app.Services.GetRequiredService<DurableTaskClient>(), "hook", "unhooked", null, Ct)).InstanceId!;
        await app.PumpAsync();

        var state = await app.StateAsync(id);
        Assert.Equal([Channel.Sms, Channel.Email], state.Context.Reachable);
        Assert.Equal((JourneyOutcome.Completed, 0, 1), (state.Outcome, state.Sends, state.Skips));
        Assert.Empty(await app.OutboxAsync("unhooked"));
        Assert.Equal(0, acs.RequestCount);
    }
}
