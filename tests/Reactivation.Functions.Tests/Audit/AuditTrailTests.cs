using Microsoft.DurableTask.Client;
using System.Collections.Immutable;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Reactivation.Core.Audit;
using Reactivation.Core.Journeys;
using Reactivation.Core.Policy;
using Reactivation.Functions.Cli;
using Reactivation.Functions.Tests.Journeys;
using Reactivation.Infra.Audit;
using Reactivation.Infra.Journeys;
using Reactivation.Infra.Policy;
using Xunit;

namespace Reactivation.Functions.Tests.Audit;

/// <summary>The append-only audit trail on Azurite: sends, skips, consent changes and admin actions recorded once each, and read back newest first.</summary>
public sealed class AuditTrailTests(AzuriteFixture azurite)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_journey_records_its_skipped_sms_and_its_sent_email_with_the_journey_as_actor_newest_first()
    {
        await using var app = await JourneyTestApp.StartAsync(azurite);
        await app.AddUsersAsync("audited");
        await app.Services.GetRequiredService<ConsentFlags>().SetAsync(
            "audited", new ConsentFlag(Channel.Sms, TemplatePurpose.Marketing, ConsentState.OptedOut, "api", null, app.Clock.GetUtcNow().AddDays(-1)), Ct);
        var id = (await app.Services.GetRequiredService<JourneyEnroller>().StartAsync(app.Services.GetRequiredService<DurableTaskClient>(), "probe", "audited", null, Ct)).InstanceId!;
        await app.PumpAsync();
        app.Clock.Advance(TimeSpan.FromDays(2));
        await app.PumpAsync();

        var entries = await Trail(app).ReadAsync("audited", 50, Ct);

        Assert.Equal([AuditKinds.Send, AuditKinds.Skip], entries.Select(e => e.Kind));
        Assert.All(entries, e => Assert.Equal(("journey:probe", id), (e.Actor, e.InstanceId)));
        Assert.Equal($"{id}~email~1", entries[0].SendKey);
        Assert.StartsWith("probe/email: sent: ", entries[0].Detail, StringComparison.Ordinal);
        Assert.Contains("opted out of sms marketing", entries[1].Detail, StringComparison.Ordinal);
        Assert.True(entries[0].At > entries[1].At);
    }

    [Fact]
    public async Task Recording_the_same_decision_again_after_a_crash_before_its_commit_adds_nothing_even_at_a_later_time()
    {
        await using var app = await JourneyTestApp.StartAsync(azurite);
        var at = app.Clock.GetUtcNow();
        var before = new JourneyState { InstanceId = "probe~retried~1", JourneyId = "probe", Version = 1, UserId = "retried", CreatedAt = at, PendingSendKey = "probe~retried~1~sms~1" };
        var decision = new JourneyDecision(
            before with { Sequence = 4 }, [],
            [new Core.Journeys.Events.Sent(at, "sms", "probe~retried~1~sms~1", null, null),
                new Core.Journeys.Events.SendSkipped(at, "email", NotSentReason.Consent, "consent: no marketing opt-in for email (profile CN)")]);
        var later = decision with { Events = [.. decision.Events.Select(e => e with { At = at.AddMinutes(3) })] };

        await Trail(app).RecordAsync(before, decision, Ct);
        await Trail(app).RecordAsync(before, later, Ct);
        await Trail(app).RecordAsync(before, decision, Ct);

        Assert.Equal([AuditKinds.Send, AuditKinds.Skip], (await Trail(app).ReadAsync("retried", 50, Ct)).Select(e => e.Kind).Order());
    }

    [Fact]
    public async Task A_consent_change_posted_twice_is_audited_once_with_the_user_as_actor()
    {
        await using var app = await JourneyTestApp.StartAsync(azurite);
        var change = new[] { new { changeId = "pref-7", userId = "chooser", channel = "email", purpose = "marketing", state = "optOut", source = "preferencePage" } };

        Assert.Equal(HttpStatusCode.OK, (await app.App.Client.PostAsJsonAsync("/api/consent", change, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.App.Client.PostAsJsonAsync("/api/consent", change, Ct)).StatusCode);

        var entry = Assert.Single(await Trail(app).ReadAsync("chooser", 50, Ct));
        Assert.Equal((AuditKinds.ConsentChange, AuditActors.User), (entry.Kind, entry.Actor));
        Assert.Equal("Email Marketing OptedOut (preferencePage), change pref-7", entry.Detail);
    }

    [Fact]
    public async Task An_admin_post_is_audited_with_its_route_and_status_but_a_read_an_unauthorised_call_and_bad_input_are_not()
    {
        await using var app = await JourneyTestApp.StartAsync(azurite);
        await app.AddUsersAsync("operated");
        using var anonymous = new HttpClient { BaseAddress = app.App.Client.BaseAddress };

        var started = await app.App.Client.PostAsJsonAsync("/api/journeys/probe/instances?code=" + JourneyTestApp.AdminKey, new { userId = "operated" }, Ct);
        await app.App.Client.GetAsync("/api/instances", Ct);
        await anonymous.PostAsJsonAsync("/api/journeys/probe/instances", new { userId = "operated" }, Ct);
        var bad = await app.App.Client.PostAsJsonAsync("/api/consent", new[] { new { changeId = "x", userId = "operated", channel = "fax" } }, Ct);

        Assert.Equal((HttpStatusCode.Accepted, HttpStatusCode.BadRequest), (started.StatusCode, bad.StatusCode));
        var entry = Assert.Single(await Trail(app).ReadAsync(AuditTrail.AdminPartition, 50, Ct));
        Assert.Equal((AuditKinds.AdminAction, AuditActors.Admin, "POST /api/journeys/probe/instances -> 202"), (entry.Kind, entry.Actor, entry.Detail));
        Assert.DoesNotContain(JourneyTestApp.AdminKey, entry.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Details_are_stored_with_contact_data_masked()
    {
        await using var app = await JourneyTestApp.StartAsync(azurite);

        await Trail(app).RecordAsync(new AuditEntry(app.Clock.GetUtcNow(), AuditKinds.Click, AuditActors.User, "masked", "clicked from +8613800138000 as lin@example.com"), Ct);

        Assert.Equal("clicked from +86*******8000 as l***@example.com", Assert.Single(await Trail(app).ReadAsync("masked", 5, Ct)).Detail);
    }

    [Fact]
    public async Task The_audit_endpoint_reads_newest_first_up_to_the_limit_and_refuses_a_missing_user_or_a_bad_limit()
    {
        await using var app = await JourneyTestApp.StartAsync(azurite);
        await SeedAsync(app, "reader");
        using var anonymous = new HttpClient { BaseAddress = app.App.Client.BaseAddress };

        var body = await app.App.Client.GetFromJsonAsync<JsonObject>("/api/audit?userId=reader&limit=2", Ct);
        var admin = await app.App.Client.GetFromJsonAsync<JsonObject>("/api/audit?scope=admin", Ct);
        var noUser = await app.App.Client.GetAsync("/api/audit", Ct);
        var badLimit = await app.App.Client.GetAsync("/api/audit?userId=reader&limit=abc", Ct);
        var refused = await anonymous.GetAsync("/api/audit?userId=reader", Ct);

        Assert.Equal(["third", "second"], body!["entries"]!.AsArray().Select(e => e!["detail"]!.GetValue<string>()));
        Assert.Empty(admin!["entries"]!.AsArray());
        Assert.Equal((HttpStatusCode.BadRequest, "application/problem+json"), (noUser.StatusCode, noUser.Content.Headers.ContentType?.MediaType));
        Assert.Contains("/userId", await noUser.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, badLimit.StatusCode);
        Assert.Contains("/limit", await badLimit.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task The_cli_prints_the_trail_as_a_table_newest_first()
    {
        await using var app = await JourneyTestApp.StartAsync(azurite);
        await SeedAsync(app, "cli-audited");
        var output = new StringWriter();

        await AuditCommand.PrintAsync(app.Services, "cli-audited", 10, output, Ct);

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("cli-audited: 3 audit entries, newest first", lines[0]);
        Assert.StartsWith("at ", lines[1], StringComparison.Ordinal);
        Assert.Equal("2026-11-23 02:02:00Z click          user             third", lines[2]);
        Assert.EndsWith("first", lines[4], StringComparison.Ordinal);
    }

    private static async Task SeedAsync(JourneyTestApp app, string userId)
    {
        var at = app.Clock.GetUtcNow();
        foreach (var (detail, minutes) in new[] { ("second", 1), ("first", 0), ("third", 2) })
        {
            await Trail(app).RecordAsync(new AuditEntry(at.AddMinutes(minutes), AuditKinds.Click, AuditActors.User, userId, detail), Ct);
        }
    }

    private static AuditTrail Trail(JourneyTestApp app) => app.Services.GetRequiredService<AuditTrail>();
}
