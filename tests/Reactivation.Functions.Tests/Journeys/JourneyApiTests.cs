using Reactivation.Core.Journeys;
using Microsoft.DurableTask.Client;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Reactivation.Infra.Journeys;
using Xunit;

namespace Reactivation.Functions.Tests.Journeys;

/// <summary>The management API over HTTP: the admin key, Durable-style status codes, paging, purge, publishing, and returns through activity.</summary>
public sealed class JourneyApiTests(AzuriteFixture azurite)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Management_endpoints_refuse_a_missing_or_wrong_key_with_401()
    {
        await using var app = await JourneyTestApp.StartAsync(azurite);
        using var anonymous = new HttpClient { BaseAddress = app.App.Client.BaseAddress };

        var missing = await anonymous.GetAsync("/api/instances", Ct);
        anonymous.DefaultRequestHeaders.Add("x-functions-key", JourneyTestApp.AdminKey + "x");
        var wrong = await anonymous.GetAsync("/api/journeys", Ct);
        var withCode = await new HttpClient { BaseAddress = app.App.Client.BaseAddress }.GetAsync($"/api/journeys?code={JourneyTestApp.AdminKey}", Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.OK, withCode.StatusCode);
    }

    [Fact]
    public async Task Check_status_urls_come_from_the_configured_public_origin_never_from_the_request_host_header()
    {
        await using var app = await JourneyTestApp.StartAsync(azurite, extra: new Dictionary<string, string?> { ["Links:PublicBaseUrl"] = "https://go.example.com" });
        await app.AddUsersAsync("host-user");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/journeys/probe/instances") { Content = JsonContent.Create(new { userId = "host-user" }) };
        request.Headers.Host = "evil.example.net";

        var start = await app.App.Client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var body = await start.Content.ReadAsStringAsync(Ct);
        Assert.DoesNotContain("evil.example.net", body, StringComparison.Ordinal);
        Assert.DoesNotContain("evil.example.net", start.Headers.Location!.ToString(), StringComparison.Ordinal);
        using var check = JsonDocument.Parse(body);
        Assert.Equal("https://go.example.com/api/instances/probe~host-user~1", check.RootElement.GetProperty("statusQueryGetUri").GetString());
    }

    [Fact]
    public async Task Start_status_terminate_and_raise_answer_with_durable_status_codes()
    {
        await using var app = await JourneyTestApp.StartAsync(azurite);
        await app.AddUsersAsync("api-user");
        var client = app.App.Client;

        var start = await client.PostAsJsonAsync("/api/journeys/probe/instances", new { userId = "api-user" }, Ct);
        var again = await client.PostAsJsonAsync("/api/journeys/probe/instances", new { userId = "api-user" }, Ct);
        var unknown = await client.PostAsJsonAsync("/api/journeys/nope/instances", new { userId = "api-user" }, Ct);
        var invalid = await client.PostAsJsonAsync("/api/journeys/probe/instances", new { userId = "bad/id" }, Ct);
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var check = await start.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var id = check.GetProperty("id").GetString()!;
        Assert.Equal("probe~api-user~1", id);
        Assert.EndsWith("/api/instances/probe~api-user~1", check.GetProperty("statusQueryGetUri").GetString(), StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.Conflict, HttpStatusCode.NotFound, HttpStatusCode.BadRequest), (again.StatusCode, unknown.StatusCode, invalid.StatusCode));

        await app.PumpAsync();
        var running = await client.GetAsync($"/api/instances/{id}?showHistory=true", Ct);
        Assert.Equal(HttpStatusCode.Accepted, running.StatusCode);
        Assert.Equal("5", running.Headers.GetValues("Retry-After").Single());
        var body = await running.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("Running", body.GetProperty("runtimeStatus").GetString());
        Assert.Contains(body.GetProperty("historyEvents").EnumerateArray(), e => e.GetProperty("kind").GetString() == "sent");

        var noJson = await client.PostAsync($"/api/instances/{id}/raiseEvent/click", new StringContent("x", Encoding.UTF8, "text/plain"), Ct);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, noJson.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync($"/api/instances/{id}/suspend?reason=check", null, Ct)).StatusCode);
        await app.WaitForStatusAsync(id, InstanceStatus.Suspended);
        Assert.Equal("Suspended", (await client.GetFromJsonAsync<JsonElement>($"/api/instances/{id}", Ct)).GetProperty("runtimeStatus").GetString());
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync($"/api/instances/{id}/resume", null, Ct)).StatusCode);
        await app.WaitForStatusAsync(id, InstanceStatus.Running);
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync($"/api/instances/{id}/terminate?reason=test", null, Ct)).StatusCode);
        await app.WaitForStatusAsync(id, InstanceStatus.Terminated);

        var ended = await client.GetAsync($"/api/instances/{id}", Ct);
        Assert.Equal(HttpStatusCode.OK, ended.StatusCode);
        Assert.Equal("Terminated", (await ended.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("runtimeStatus").GetString());
        Assert.Equal(HttpStatusCode.Gone, (await client.PostAsync($"/api/instances/{id}/terminate", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Gone, (await client.PostAsJsonAsync($"/api/instances/{id}/raiseEvent/click", new { }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsJsonAsync("/api/instances/probe~ghost~1/raiseEvent/click", new { }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/instances/probe~ghost~1", Ct)).StatusCode);
    }

    [Fact]
    public async Task Listing_pages_with_a_continuation_token_and_purging_refuses_running_instances()
    {
        await using var app = await JourneyTestApp.StartAsync(azurite);
        var users = Enumerable.Range(0, 5).Select(i => $"lister{i}").ToArray();
        await app.AddUsersAsync(users);
        var enroller = app.Services.GetRequiredService<JourneyEnroller>();
        foreach (var user in users)
        {
            await enroller.StartAsync(app.Client, "probe", user, null, Ct);
        }

        var client = app.App.Client;
        var seen = new List<string>();
        string? token = null;
        for (var page = 0; page < 10; page++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/instances?journeyId=probe&top=2&runtimeStatus=Pending,Running");
            if (token is not null)
            {
                request.Headers.Add("x-ms-continuation-token", token);
            }

            var response = await client.SendAsync(request, Ct);
            seen.AddRange((await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).EnumerateArray().Select(e => e.GetProperty("instanceId").GetString()!));
            token = response.Headers.TryGetValues("x-ms-continuation-token", out var values) ? values.Single() : null;
            if (token is null)
            {
                break;
            }
        }

        Assert.Equal(users.Select(u => $"probe~{u}~1").Order(), seen.Order());
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/instances?runtimeStatus=Sleeping", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await client.DeleteAsync("/api/instances/probe~lister0~1", Ct)).StatusCode);
        await client.PostAsync("/api/instances/probe~lister0~1/terminate", null, Ct);
        await app.WaitForStatusAsync("probe~lister0~1", InstanceStatus.Terminated);
        var purged = await client.DeleteAsync("/api/instances/probe~lister0~1", Ct);
        Assert.Equal(1, (await purged.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("instancesDeleted").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync("/api/instances/probe~lister0~1", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.DeleteAsync("/api/instances", Ct)).StatusCode);
        await client.PostAsync("/api/instances/probe~lister1~1/terminate", null, Ct);
        await app.WaitForStatusAsync("probe~lister1~1", InstanceStatus.Terminated);
        var many = await client.DeleteAsync("/api/instances?createdTimeFrom=2026-01-01T00:00:00Z", Ct);
        Assert.Equal(1, (await many.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("instancesDeleted").GetInt32());
    }

    [Fact]
    public async Task Publishing_validates_the_definition_and_requires_a_higher_version()
    {
        await using var app = await JourneyTestApp.StartAsync(azurite);
        var client = app.App.Client;
        var v2 = JourneyTestApp.ProbeJson.Replace("\"version\": 1", "\"version\": 2", StringComparison.Ordinal);

        var published = await client.PostAsync("/api/journeys", new StringContent(v2, Encoding.UTF8, "application/json"), Ct);
        var repeated = await client.PostAsync("/api/journeys", new StringContent(v2, Encoding.UTF8, "application/json"), Ct);
        var broken = await client.PostAsync("/api/journeys", new StringContent(
            v2.Replace("\"version\": 2", "\"version\": 3", StringComparison.Ordinal).Replace("\"next\": \"lost\"", "\"next\": \"nowhere\"", StringComparison.Ordinal),
            Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.Created, published.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, repeated.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        var errors = (await broken.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").EnumerateArray().ToList();
        Assert.Contains(errors, e => e.GetProperty("location").GetString() == "$.steps[2] (email).next" && e.GetProperty("message").GetString()!.Contains("nowhere", StringComparison.Ordinal));
        var versions = await client.GetFromJsonAsync<JsonElement>("/api/journeys/probe", Ct);
        Assert.Equal([1, 2], versions.EnumerateArray().Select(v => v.GetProperty("version").GetInt32()));
    }

    [Fact]
    public async Task A_login_posted_as_activity_ends_the_users_journey_as_reactivated()
    {
        await using var app = await JourneyTestApp.StartAsync(azurite);
        await app.AddUsersAsync("returner");
        var id = (await app.Services.GetRequiredService<JourneyEnroller>().StartAsync(app.Services.GetRequiredService<DurableTaskClient>(), "probe", "returner", null, Ct)).InstanceId!;
        await app.PumpAsync();
        app.Clock.Advance(TimeSpan.FromHours(30));

        var posted = await app.App.Client.PostAsJsonAsync("/api/activity",
            new[] { new { eventId = "back-1", userId = "returner", type = "login", occurredAt = app.Clock.GetUtcNow().AddMinutes(-1) } }, Ct);
        await app.PumpAsync();

        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Equal(1, (await posted.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("journeyEvents").GetInt32());
        var state = await app.StateAsync(id);
        Assert.Equal((Core.Journeys.InstanceStatus.Completed, Core.Journeys.JourneyOutcome.Reactivated), (state.Status, state.Outcome));
        Assert.Null((await app.Store.GetMemberAsync("returner", Ct)).Member.ActiveInstanceId);
    }
}
