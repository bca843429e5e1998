using Microsoft.DurableTask.Client;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Reactivation.Core.Journeys;
using Reactivation.Functions.Tests.Journeys;
using Reactivation.Infra.Journeys;
using Reactivation.Infra.Policy;
using Xunit;

namespace Reactivation.Functions.Tests.Policy;

/// <summary>The consent API on Azurite: an append-only ledger with evidence, its current state, and the contact policy obeying it at the next send.</summary>
public sealed class ConsentApiTests(AzuriteFixture azurite)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_change_is_recorded_once_with_hashed_evidence_and_exported_with_the_current_state()
    {
        await using var app = await JourneyTestApp.StartAsync(azurite);
        var change = new
        {
            changeId = "c-1", userId = "proof", channel = "email", purpose = "marketing", state = "optOut", source = "preferencePage",
            at = "2026-11-22T08:00:00Z", textVersion = "privacy-v3", ip = "203.0.113.7", userAgent = "Mozilla/5.0",
        };

        var first = await app.App.Client.PostAsJsonAsync("/api/consent", new[] { change }, Ct);
        var repeat = await app.App.Client.PostAsJsonAsync("/api/consent", new { changes = new[] { change } }, Ct);
        var export = await app.App.Client.GetFromJsonAsync<JsonObject>("/api/consent/proof", Ct);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(1, (await first.Content.ReadFromJsonAsync<JsonObject>(Ct))!["recorded"]!.GetValue<int>());
        Assert.Equal(1, (await repeat.Content.ReadFromJsonAsync<JsonObject>(Ct))!["repeated"]!.GetValue<int>());
        var row = Assert.Single(export!["history"]!.AsArray())!;
        Assert.Equal(("optedOut", "preferencePage", "privacy-v3"), (row["state"]!.GetValue<string>(), row["source"]!.GetValue<string>(), row["textVersion"]!.GetValue<string>()));
        Assert.Matches("^[0-9a-f]{64}$", row["ipHash"]!.GetValue<string>());
        Assert.DoesNotContain("203.0.113.7", export.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal("optedOut", export["current"]!.AsArray().Single()!["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_batch_with_any_bad_change_is_refused_whole_with_every_problem_located_and_nothing_written()
    {
        await using var app = await JourneyTestApp.StartAsync(azurite);
        var body = """
            [ { "changeId": "ok-1", "userId": "careful", "channel": "sms", "purpose": "marketing", "state": "optIn", "source": "api" },
              { "changeId": "bad-1", "userId": "careful", "channel": "fax", "purpose": "marketing", "state": "maybe", "source": "rumour" } ]
            """;

        var response = await app.App.Client.PostAsync("/api/consent", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), Ct);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>(Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var locations = problem!["errors"]!.AsArray().Select(e => e!["location"]!.GetValue<string>()).ToList();
        Assert.Equal(["/1/channel", "/1/source", "/1/state"], locations);
        Assert.Empty(await app.Services.GetRequiredService<ConsentLedger>().HistoryAsync("careful", Ct));
        Assert.Empty(await app.Services.GetRequiredService<ConsentFlags>().GetAsync("careful", Ct));
    }

    [Fact]
    public async Task The_newest_choice_wins_whatever_order_the_changes_arrive_in_and_both_stay_in_the_history()
    {
        await using var app = await JourneyTestApp.StartAsync(azurite);
        await Post(app, "late", "optIn", "2026-11-22T10:00:00Z");
        await Post(app, "early", "optOut", "2026-11-22T09:00:00Z");

        var export = await app.App.Client.GetFromJsonAsync<JsonObject>("/api/consent/fickle", Ct);

        Assert.Equal(["early", "late"], export!["history"]!.AsArray().Select(r => r!["changeId"]!.GetValue<string>()));
        Assert.Equal("optedIn", export["current"]!.AsArray().Single()!["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_opt_out_through_the_api_is_obeyed_at_the_next_send()
    {
        await using var app = await JourneyTestApp.StartAsync(azurite);
        await app.AddUsersAsync("fickle");
        await Post(app, "out", "optOut", "2026-11-22T09:00:00Z");

        var id = (await app.Services.GetRequiredService<JourneyEnroller>().StartAsync(app.Services.GetRequiredService<DurableTaskClient>(), "probe", "fickle", null, Ct)).InstanceId!;
        await app.PumpAsync();

        Assert.Equal(0, (await app.StateAsync(id)).Sends);
        Assert.Contains(await app.Store.HistoryAsync(id, Ct), h => h.Kind == "skipped" && h.Detail!.Contains("opted out of sms marketing (api", StringComparison.Ordinal));
        Assert.Empty(await app.OutboxAsync("fickle"));
    }

    [Fact]
    public async Task The_consent_endpoints_need_the_admin_key()
    {
        await using var app = await JourneyTestApp.StartAsync(azurite);
        using var anonymous = new HttpClient { BaseAddress = app.App.Client.BaseAddress };

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/consent/anyone", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/consent", Array.Empty<object>(), Ct)).StatusCode);
    }

    private static async Task Post(JourneyTestApp app, string changeId, string state, string at)
    {
        var response = await app.App.Client.PostAsJsonAsync(
            "/api/consent", new[] { new { changeId, userId = "fickle", channel = "sms", purpose = "marketing", state, source = "api", at } }, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
