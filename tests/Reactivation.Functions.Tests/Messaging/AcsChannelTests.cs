using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Reactivation.Core.Journeys;
using Reactivation.Core.Links;
using Reactivation.Fakes.Messaging;
using Reactivation.Functions.Tests.Journeys;
using Reactivation.Infra.Journeys;
using Reactivation.Infra.Links;
using Reactivation.Infra.Messaging;
using Xunit;

namespace Reactivation.Functions.Tests.Messaging;

/// <summary>Journeys sending through Communication Services, against the fake ACS server on loopback.</summary>
public sealed class AcsChannelTests(AzuriteFixture azurite)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_journey_sends_its_sms_and_email_through_acs_signed_with_repeatability_and_one_click_unsubscribe_headers()
    {
        var (app, acs) = await StartAsync();
        await using var _ = app;
        await using var __ = acs;
        await app.AddUsersAsync("acs-user");
        var id = (await app.Services.GetRequiredService<JourneyEnroller>().StartAsync(app.Services.GetRequiredService<DurableTaskClient>(), "probe", "acs-user", null, Ct)).InstanceId!;
        await app.PumpAsync();
        app.Clock.Advance(TimeSpan.FromDays(2));
        await app.PumpAsync();

        var state = await app.StateAsync(id);
        Assert.Equal((JourneyOutcome.Lost, 2), (state.Outcome, state.Sends));
        Assert.Equal(0, acs.AuthFailures);
        var messages = acs.Messages.ToList();
        Assert.Equal(["sms", "email"], messages.Select(m => m.Channel));
        Assert.Equal(("+8613800138000", "acs-user@example.com"), (messages[0].To, messages[1].To));
        Assert.Contains("回T退订", messages[0].Text, StringComparison.Ordinal);
        var sms = acs.Requests.First(r => r.Kind == "sms").Body!;
        Assert.Equal("70219aef-da92-83a6-905e-5546278d955e", sms["smsRecipients"]![0]!["repeatabilityRequestId"]!.GetValue<string>());
        Assert.Equal("Mon, 23 Nov 2026 02:00:00 GMT", sms["smsRecipients"]![0]!["repeatabilityFirstSent"]!.GetValue<string>());
        Assert.Equal("List-Unsubscribe=One-Click", messages[1].Headers!["List-Unsubscribe-Post"]!.GetValue<string>());
        var unsubscribe = messages[1].Headers!["List-Unsubscribe"]!.GetValue<string>();
        Assert.StartsWith("<https://go.test/u/", unsubscribe, StringComparison.Ordinal);
        Assert.EndsWith(">", unsubscribe, StringComparison.Ordinal);
        var (claims, refusal) = LinkToken.Verify(
            app.Services.GetRequiredService<LinkMinter>().Keyring, unsubscribe["<https://go.test/u/".Length..^1], LinkPurpose.Unsubscribe, app.Clock.GetUtcNow());
        Assert.Equal((LinkRefusal.None, "probe~acs-user~1~email~1"), (refusal, claims?.Subject));
        Assert.Contains(acs.Requests, r => r.Kind == "poll");
        Assert.Empty(await app.OutboxAsync("acs-user"));
    }

    [Fact]
    public async Task A_short_retry_after_is_waited_inline_and_a_long_one_defers_the_journeys_retry_at_least_that_long()
    {
        var (app, acs) = await StartAsync();
        await using var _ = app;
        await using var __ = acs;
        await app.AddUsersAsync("throttled", "outage");
        var enroller = app.Services.GetRequiredService<JourneyEnroller>();

        acs.AnswerNext(429, retryAfterSeconds: 0);
        var throttled = (await enroller.StartAsync(app.Client, "probe", "throttled", null, Ct)).InstanceId!;
        await app.PumpAsync();
        Assert.Equal((1, 2), ((await app.StateAsync(throttled)).Sends, acs.Requests.Count(r => r.Kind == "sms")));

        acs.AnswerNext(503, retryAfterSeconds: 120, body: """{"error":{"code":"ServiceUnavailable","message":"down"}}""");
        var outage = (await enroller.StartAsync(app.Client, "probe", "outage", null, Ct)).InstanceId!;
        await app.PumpAsync();
        var waiting = await app.StateAsync(outage);
        Assert.Equal((WaitingFor.Retry, app.Clock.GetUtcNow().AddSeconds(120)), (waiting.Waiting, waiting.DueAt));
        app.Clock.Advance(TimeSpan.FromSeconds(120));
        await app.PumpAsync();
        Assert.Equal(1, (await app.StateAsync(outage)).Sends);
    }

    [Fact]
    public async Task Without_an_access_key_requests_carry_an_entra_id_token_for_the_communication_scope()
    {
        var clock = JourneyTestApp.NewClock();
        await using var acs = await FakeAcsServer.StartAsync(cancellationToken: Ct);
        acs.ExpectedBearer = "entra-token";
        var credential = new StubCredential("entra-token");
        await using var app = await JourneyTestApp.StartAsync(azurite, s => s.AddSingleton<Azure.Core.TokenCredential>(credential), Settings(acs.Endpoint), clock);
        await app.AddUsersAsync("entra");

        var id = (await app.Services.GetRequiredService<JourneyEnroller>().StartAsync(app.Services.GetRequiredService<DurableTaskClient>(), "probe", "entra", null, Ct)).InstanceId!;
        await app.PumpAsync();

        Assert.Equal(1, (await app.StateAsync(id)).Sends);
        Assert.Equal((0, 1), (acs.AuthFailures, acs.Messages.Count));
        Assert.Equal(["https://communication.azure.com//.default"], credential.Scopes.Distinct());
    }

    [Fact]
    public async Task A_recipient_blocked_after_stop_is_a_permanent_failure_that_is_not_retried_and_blocks_the_number()
    {
        var (app, acs) = await StartAsync();
        await using var _ = app;
        await using var __ = acs;
        await app.AddUsersAsync("stopped");
        acs.FailNextSmsRecipient(400, "Sender blocked for given recipient.");

        var id = (await app.Services.GetRequiredService<JourneyEnroller>().StartAsync(app.Services.GetRequiredService<DurableTaskClient>(), "probe", "stopped", null, Ct)).InstanceId!;
        await app.PumpAsync();

        var state = await app.StateAsync(id);
        Assert.Equal(InstanceStatus.Failed, state.Status);
        Assert.Contains("Sender blocked for given recipient.", state.Reason, StringComparison.Ordinal);
        Assert.Single(acs.Requests, r => r.Kind == "sms");
        Assert.Empty(acs.Messages);

        var again = (await app.Services.GetRequiredService<JourneyEnroller>().StartAsync(app.Services.GetRequiredService<DurableTaskClient>(), "probe", "stopped", null, Ct)).InstanceId!;
        await app.PumpAsync();
        Assert.Contains(await app.Store.HistoryAsync(again, Ct), h => h.Kind == "skipped" && h.Detail!.Contains("marked unusable", StringComparison.Ordinal));
        Assert.Single(acs.Requests, r => r.Kind == "sms");
    }

    [Fact]
    public async Task A_wrong_access_key_is_refused_by_the_service_and_retried_rather_than_failing_the_journey()
    {
        var clock = JourneyTestApp.NewClock();
        await using var acs = await FakeAcsServer.StartAsync(cancellationToken: Ct);
        var wrongKey = acs.ConnectionString[..acs.ConnectionString.IndexOf("accesskey=", StringComparison.Ordinal)] + "accesskey=" + Convert.ToBase64String(new byte[32]);
        await using var app = await JourneyTestApp.StartAsync(azurite, extra: Settings(wrongKey), clock: clock);
        await app.AddUsersAsync("misconfigured");

        var id = (await app.Services.GetRequiredService<JourneyEnroller>().StartAsync(app.Services.GetRequiredService<DurableTaskClient>(), "probe", "misconfigured", null, Ct)).InstanceId!;
        await app.PumpAsync();

        Assert.Equal(1, acs.AuthFailures);
        Assert.Equal(WaitingFor.Retry, (await app.StateAsync(id)).Waiting);
        Assert.Contains(await app.Store.HistoryAsync(id, Ct), h => h.Kind == "retryScheduled" && h.Detail!.Contains("401", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(35)]
    [InlineData(-10)]
    public async Task Requests_are_signed_with_the_real_clock_while_journeys_run_on_a_clock_days_away(int daysAway)
    {
        // 10:00 in Shanghai on that day, inside the send window whatever the hour the test runs at.
        var simulated = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(DateTimeOffset.UtcNow.AddDays(daysAway).UtcDateTime.Date.AddHours(2), TimeSpan.Zero));
        await using var acs = await FakeAcsServer.StartAsync(cancellationToken: Ct);
        await using var app = await JourneyTestApp.StartAsync(azurite, extra: Settings(acs.ConnectionString), clock: simulated);
        await app.AddUsersAsync("time-lapsed");

        var id = (await app.Services.GetRequiredService<JourneyEnroller>().StartAsync(app.Services.GetRequiredService<DurableTaskClient>(), "probe", "time-lapsed", null, Ct)).InstanceId!;
        await app.PumpAsync();

        Assert.Equal((0, 1), (acs.AuthFailures, acs.Messages.Count));
        Assert.Equal(1, (await app.StateAsync(id)).Sends);
    }

    private async Task<(JourneyTestApp App, FakeAcsServer Acs)> StartAsync()
    {
        var clock = JourneyTestApp.NewClock();
        var acs = await FakeAcsServer.StartAsync(cancellationToken: Ct);
        var app = await JourneyTestApp.StartAsync(azurite, extra: Settings(acs.ConnectionString), clock: clock);
        return (app, acs);
    }

    private static Dictionary<string, string?> Settings(string connectionString) => new()
    {
        ["Acs:ConnectionString"] = connectionString,
        ["Acs:SmsFrom"] = "+18005550100",
        ["Acs:EmailSender"] = "DoNotReply@mail.example.com",
        ["Links:PublicBaseUrl"] = "https://go.test",
    };

    private sealed class StubCredential(string token) : Azure.Core.TokenCredential
    {
        public System.Collections.Concurrent.ConcurrentQueue<string> Scopes { get; } = new();

        public override Azure.Core.AccessToken GetToken(Azure.Core.TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            foreach (var scope in requestContext.Scopes)
            {
                Scopes.Enqueue(scope);
            }

            return new Azure.Core.AccessToken(token, DateTimeOffset.UtcNow.AddHours(1));
        }

        public override ValueTask<Azure.Core.AccessToken> GetTokenAsync(Azure.Core.TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }
}
