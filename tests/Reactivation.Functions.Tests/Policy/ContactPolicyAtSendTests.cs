using Microsoft.DurableTask.Client;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Reactivation.Core.Activity;
using Reactivation.Core.Journeys;
using Reactivation.Core.Policy;
using Reactivation.Functions.Tests.Journeys;
using Reactivation.Infra.Ingestion;
using Reactivation.Infra.Journeys;
using Reactivation.Infra.Policy;
using Xunit;

namespace Reactivation.Functions.Tests.Policy;

/// <summary>The contact policy in front of every channel, on Azurite: journeys obey it across journeys, and every message held back is in the why-not-sent ledger.</summary>
public sealed class ContactPolicyAtSendTests(AzuriteFixture azurite)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_message_due_in_quiet_hours_waits_on_a_durable_timer_until_nine_local_and_then_goes_once()
    {
        // 22:30 in Shanghai.
        await using var app = await JourneyTestApp.StartAsync(azurite, clock: new(new DateTimeOffset(2026, 11, 23, 14, 30, 0, TimeSpan.Zero)));
        await app.AddUsersAsync("night-owl");
        var id = await StartProbeAsync(app, "night-owl");

        var state = await app.StateAsync(id);
        Assert.Equal((WaitingFor.Retry, new DateTimeOffset(2026, 11, 24, 1, 0, 0, TimeSpan.Zero)), (state.Waiting, state.DueAt));
        Assert.Empty(await app.OutboxAsync("night-owl"));
        var held = Assert.Single(await NotSentAsync(app, "night-owl"));
        Assert.Equal(("deferred", "sms"), (held.Kind, held.Step));
        Assert.Contains("quietHours", held.Reason, StringComparison.Ordinal);

        app.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 24, 1, 0, 0, TimeSpan.Zero));
        await app.PumpAsync();
        await app.PumpAsync();

        Assert.Single(await app.OutboxAsync("night-owl"));
        Assert.Equal(1, (await app.StateAsync(id)).Sends);
    }

    [Fact]
    public async Task Touches_from_other_journeys_count_against_the_weekly_cap_and_the_send_is_deferred_until_one_leaves_the_window()
    {
        await using var app = await JourneyTestApp.StartAsync(azurite);
        await app.AddUsersAsync("capped");
        var ledger = app.Services.GetRequiredService<ContactLedger>();
        var now = app.Clock.GetUtcNow();
        await ledger.RecordTouchAsync("capped", "other~capped~1~a~1", Channel.Email, "other", now.AddDays(-5), Ct);
        await ledger.RecordTouchAsync("capped", "other~capped~1~b~1", Channel.Sms, "other", now.AddDays(-1), Ct);

        var id = await StartProbeAsync(app, "capped");

        var state = await app.StateAsync(id);
        // The touch on Wednesday the 18th (local) leaves the 7-day window at local midnight on the 25th; quiet hours hold it to 09:00.
        Assert.Equal((WaitingFor.Retry, new DateTimeOffset(2026, 11, 25, 1, 0, 0, TimeSpan.Zero)), (state.Waiting, state.DueAt));
        Assert.Contains("frequencyCap", Assert.Single(await NotSentAsync(app, "capped")).Reason, StringComparison.Ordinal);
        Assert.Empty(await app.OutboxAsync("capped"));
    }

    [Fact]
    public async Task An_sms_opt_out_skips_the_sms_with_its_evidence_and_the_journey_goes_on_to_email()
    {
        await using var app = await JourneyTestApp.StartAsync(azurite);
        await app.AddUsersAsync("no-sms");
        await app.Services.GetRequiredService<ConsentFlags>().SetAsync(
            "no-sms", new ConsentFlag(Channel.Sms, TemplatePurpose.Marketing, ConsentState.OptedOut, "smsKeyword", "TD", app.Clock.GetUtcNow().AddDays(-1)), Ct);

        var id = await StartProbeAsync(app, "no-sms");
        app.Clock.Advance(TimeSpan.FromDays(2));
        await app.PumpAsync();

        var state = await app.StateAsync(id);
        Assert.Equal((JourneyOutcome.Lost, 1, 1), (state.Outcome, state.Sends, state.Skips));
        Assert.Equal(["email"], (await app.OutboxAsync("no-sms")).Select(r => r.GetString("Channel")!.ToLowerInvariant()));
        var skipped = Assert.Single(await NotSentAsync(app, "no-sms"));
        Assert.Equal("skipped", skipped.Kind);
        Assert.Contains("'TD'", skipped.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Three_unanswered_touches_end_the_journey_as_suppressed_and_a_click_would_have_reset_the_count()
    {
        await using var app = await JourneyTestApp.StartAsync(azurite);
        await app.AddUsersAsync("tired", "clicker");
        var ledger = app.Services.GetRequiredService<ContactLedger>();
        var now = app.Clock.GetUtcNow();
        foreach (var user in new[] { "tired", "clicker" })
        {
            foreach (var daysAgo in new[] { 25, 18, 11 })
            {
                await ledger.RecordTouchAsync(user, $"old~{user}~{daysAgo}", Channel.Sms, "old", now.AddDays(-daysAgo), Ct);
            }
        }

        await ledger.RecordEngagementAsync("clicker", now.AddDays(-12), Ct);
        var tired = await StartProbeAsync(app, "tired");
        var clicker = await StartProbeAsync(app, "clicker");

        var state = await app.StateAsync(tired);
        Assert.Equal((InstanceStatus.Completed, JourneyOutcome.Suppressed), (state.Status, state.Outcome));
        Assert.Contains("fatigue", state.Reason, StringComparison.Ordinal);
        Assert.Equal("suppressed", Assert.Single(await NotSentAsync(app, "tired")).Kind);
        Assert.Empty(await app.OutboxAsync("tired"));
        Assert.Equal(1, (await app.StateAsync(clicker)).Sends);
    }

    [Fact]
    public async Task A_complaint_suppresses_marketing_at_once()
    {
        await using var app = await JourneyTestApp.StartAsync(azurite);
        await app.AddUsersAsync("angry");
        await app.Services.GetRequiredService<ActivityIngestor>().IngestAsync(
            [new ActivityEvent("complaint-1", "angry", ActivityType.Complaint, app.Clock.GetUtcNow().AddHours(-1))], Ct);

        var id = await StartProbeAsync(app, "angry");

        Assert.Equal(JourneyOutcome.Suppressed, (await app.StateAsync(id)).Outcome);
        Assert.Contains("complain", (await app.StateAsync(id)).Reason, StringComparison.Ordinal);
        Assert.Empty(await app.OutboxAsync("angry"));
    }

    [Fact]
    public async Task A_send_asked_twice_after_a_crash_counts_one_touch_and_is_not_deferred_by_itself()
    {
        await using var app = await JourneyTestApp.StartAsync(azurite);
        await app.AddUsersAsync("twice");
        var channel = app.Services.GetRequiredService<IMessageChannel>();
        var message = new OutboundMessage("j~twice~1~sms~1", "j~twice~1", "j", "sms", "twice", Channel.Sms, "return-gift-sms", null, null, 1, app.Clock.GetUtcNow());

        var first = await channel.SendAsync(message, Ct);
        var second = await channel.SendAsync(message with { Attempt = 2 }, Ct);

        Assert.Equal((SendStatus.Sent, SendStatus.Sent), (first.Status, second.Status));
        var (touches, _) = await app.Services.GetRequiredService<ContactLedger>().ReadAsync("twice", app.Clock.GetUtcNow().AddDays(-1), Ct);
        Assert.Single(touches);
        Assert.Single(await app.OutboxAsync("twice"));
    }

    [Fact]
    public async Task A_send_the_provider_did_not_take_leaves_no_touch_behind()
    {
        await using var app = await JourneyTestApp.StartAsync(azurite);
        await app.Services.GetRequiredService<UserDirectory>().UpsertAsync([new Core.Users.UserUpdate("no-phone", null, "np@example.com", "Asia/Shanghai", "zh-CN", "CN", null)], Ct);
        var channel = app.Services.GetRequiredService<IMessageChannel>();

        var result = await channel.SendAsync(
            new OutboundMessage("j~no-phone~1~sms~1", "j~no-phone~1", "j", "sms", "no-phone", Channel.Sms, "return-gift-sms", null, null, 1, app.Clock.GetUtcNow()), Ct);

        Assert.Equal(SendStatus.Skipped, result.Status);
        var (touches, _) = await app.Services.GetRequiredService<ContactLedger>().ReadAsync("no-phone", app.Clock.GetUtcNow().AddDays(-1), Ct);
        Assert.Empty(touches);
    }

    [Fact]
    public async Task The_why_not_sent_endpoint_needs_the_admin_key_checks_its_input_and_shows_reasons_consent_and_touches()
    {
        await using var app = await JourneyTestApp.StartAsync(azurite, clock: new(new DateTimeOffset(2026, 11, 23, 14, 30, 0, TimeSpan.Zero)));
        await app.AddUsersAsync("asked");
        await StartProbeAsync(app, "asked");
        using var anonymous = new HttpClient { BaseAddress = app.App.Client.BaseAddress };

        var body = await app.App.Client.GetFromJsonAsync<JsonObject>("/api/users/asked/notsent", Ct);
        var refused = await anonymous.GetAsync("/api/users/asked/notsent", Ct);
        var badLimit = await app.App.Client.GetAsync("/api/users/asked/notsent?limit=0", Ct);

        var entry = body!["notSent"]!.AsArray().Single()!;
        Assert.Equal(("deferred", "probe"), (entry["kind"]!.GetValue<string>(), entry["journeyId"]!.GetValue<string>()));
        Assert.Contains("quiet hours", entry["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(body["recentTouches"]!.AsArray());
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badLimit.StatusCode);
        Assert.Equal("application/problem+json", badLimit.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_cli_prints_each_message_not_sent_with_its_reason_and_the_consent_behind_it()
    {
        await using var app = await JourneyTestApp.StartAsync(azurite);
        await app.AddUsersAsync("cli-user");
        await app.Services.GetRequiredService<ConsentFlags>().SetAsync(
            "cli-user", new ConsentFlag(Channel.Sms, TemplatePurpose.Marketing, ConsentState.OptedOut, "smsKeyword", "退订", app.Clock.GetUtcNow().AddDays(-1)), Ct);
        await StartProbeAsync(app, "cli-user");
        var output = new StringWriter();

        await Functions.Cli.UsersCommand.PrintNotSentAsync(app.Services, "cli-user", 50, output, Ct);

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("cli-user: 1 message(s) not sent", lines[0]);
        Assert.Contains("skipped    probe/sms  consent: opted out of sms marketing (smsKeyword '退订'", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("consent: Sms Marketing OptedOut (smsKeyword '退订'", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_user_in_china_without_an_opt_in_gets_no_marketing_sms_while_a_user_in_a_region_without_the_rule_does()
    {
        await using var app = await JourneyTestApp.StartAsync(azurite, extra: new Dictionary<string, string?> { ["Policy:Regions:CN:OptIn"] = "sms,email" });
        await app.Services.GetRequiredService<UserDirectory>().UpsertAsync(
            [
                new Core.Users.UserUpdate("in-china", "+8613800138011", "in-china@example.com", "Asia/Shanghai", "zh-CN", "CN", null),
                new Core.Users.UserUpdate("in-japan", "+819012345678", "in-japan@example.com", "Asia/Shanghai", "zh-CN", "JP", null),
            ],
            Ct);

        var china = await StartProbeAsync(app, "in-china");
        var japan = await StartProbeAsync(app, "in-japan");

        Assert.Empty(await app.OutboxAsync("in-china"));
        var skipped = Assert.Single(await NotSentAsync(app, "in-china"));
        Assert.Equal(("skipped", "sms"), (skipped.Kind, skipped.Step));
        Assert.Equal("consent: no marketing opt-in for sms (profile CN)", skipped.Reason);
        Assert.Equal(1, (await app.StateAsync(china)).Skips);
        Assert.Equal(["sms"], (await app.OutboxAsync("in-japan")).Select(r => r.GetString("Channel")!.ToLowerInvariant()));
        Assert.Equal(1, (await app.StateAsync(japan)).Sends);
    }

    [Fact]
    public void A_profile_naming_an_unknown_channel_or_a_region_twice_stops_the_app_at_startup()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = azurite.ConnectionString,
            ["Policy:Regions:CN:OptIn"] = "sms,fax",
            ["Policy:Regions:DE:OptIn"] = "email",
        }).Build();

        var error = Assert.Throws<InvalidOperationException>(() => Functions.Hosting.AppSettings.Load(configuration));

        Assert.Contains("Policy:Regions:CN:OptIn: 'fax' is not a channel (sms, email or webhook)", error.Message, StringComparison.Ordinal);
        Assert.Contains("Policy:Regions:EU:Covers: region DE is already covered by profile DE", error.Message, StringComparison.Ordinal);
    }

    private static async Task<string> StartProbeAsync(JourneyTestApp app, string userId)
    {
        var id = (await app.Services.GetRequiredService<JourneyEnroller>().StartAsync(app.Services.GetRequiredService<DurableTaskClient>(), "probe", userId, null, Ct)).InstanceId!;
        await app.PumpAsync();
        return id;
    }

    private static Task<IReadOnlyList<NotSentEntry>> NotSentAsync(JourneyTestApp app, string userId) =>
        app.Services.GetRequiredService<NotSentLedger>().ReadAsync(userId, 100, Ct);
}
