using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Reactivation.Functions.Hosting;
using Xunit;

namespace Reactivation.Functions.Tests.Api;

public sealed class ActivityApiTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    [Fact]
    public async Task A_valid_batch_is_ingested_and_sending_it_again_changes_nothing()
    {
        await using var app = await RunningApp.StartAsync(azurite);
        var batch = new object[]
        {
            new { eventId = "b1", userId = "amy", type = "login", occurredAt = Now.AddDays(-2) },
            new { eventId = "b2", userId = "amy", type = "purchase", occurredAt = Now.AddDays(-3), amount = 10, currency = "USD" },
        };

        var first = await ReadAsync(await app.Client.PostAsJsonAsync("/api/activity", batch, TestContext.Current.CancellationToken));
        var profileAfterFirst = await app.Client.GetStringAsync("/api/users/amy", TestContext.Current.CancellationToken);
        var second = await ReadAsync(await app.Client.PostAsJsonAsync("/api/activity", new { events = batch }, TestContext.Current.CancellationToken));
        var profileAfterSecond = await app.Client.GetStringAsync("/api/users/amy", TestContext.Current.CancellationToken);

        Assert.Equal(2, first.GetProperty("accepted").GetInt32());
        Assert.Equal(0, second.GetProperty("accepted").GetInt32());
        Assert.Equal(2, second.GetProperty("duplicates").GetInt32());
        Assert.Equal(profileAfterFirst, profileAfterSecond);
        using var profile = JsonDocument.Parse(profileAfterSecond);
        Assert.Equal(72m, profile.RootElement.GetProperty("totalSpend").GetDecimal());
    }

    [Fact]
    public async Task Out_of_order_events_keep_the_latest_login()
    {
        await using var app = await RunningApp.StartAsync(azurite);
        var later = Now.AddDays(-1);
        await app.Client.PostAsJsonAsync("/api/activity", new[] { new { eventId = "late", userId = "bo", type = "login", occurredAt = later } }, TestContext.Current.CancellationToken);
        await app.Client.PostAsJsonAsync("/api/activity", new[] { new { eventId = "early", userId = "bo", type = "login", occurredAt = Now.AddDays(-20) } }, TestContext.Current.CancellationToken);

        using var profile = JsonDocument.Parse(await app.Client.GetStringAsync("/api/users/bo", TestContext.Current.CancellationToken));
        Assert.Equal(later.ToUnixTimeSeconds(), profile.RootElement.GetProperty("lastLoginAt").GetDateTimeOffset().ToUnixTimeSeconds());
    }

    [Fact]
    public async Task A_batch_with_bad_items_is_rejected_whole_with_every_problem_located_and_nothing_written()
    {
        await using var app = await RunningApp.StartAsync(azurite);
        var body = $$"""
        [
          { "eventId": "ok-1", "userId": "cy", "type": "login", "occurredAt": "{{Now.AddDays(-1):O}}" },
          { "userId": "cy", "type": "login", "occurredAt": "{{Now.AddDays(-1):O}}" },
          { "eventId": "x2", "userId": "cy", "type": "teleport", "occurredAt": "{{Now.AddDays(-1):O}}" },
          { "eventId": "x3", "userId": "cy", "type": "login", "occurredAt": "{{Now.AddDays(2):O}}" },
          { "eventId": "x4", "userId": "cy", "type": "purchase", "amount": -5, "occurredAt": "{{Now.AddDays(-1):O}}" },
          { "eventId": "x5", "userId": "cy", "type": "login", "occurredAt": "not a date" }
        ]
        """;

        var response = await app.Client.PostAsync("/api/activity", new StringContent(body, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await ReadAsync(response);
        var locations = problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("location").GetString()).ToArray();
        Assert.Contains("/1/eventId", locations);
        Assert.Contains("/2/type", locations);
        Assert.Contains("/3/occurredAt", locations);
        Assert.Contains("/4/amount", locations);
        Assert.Contains(locations, l => l!.StartsWith("/5", StringComparison.Ordinal));
        var user = await app.Client.GetAsync("/api/users/cy", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, user.StatusCode);
    }

    [Fact]
    public async Task Malformed_json_gets_a_problem_with_its_position()
    {
        await using var app = await RunningApp.StartAsync(azurite);
        var response = await app.Client.PostAsync("/api/activity", new StringContent("[{\"eventId\": }", Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("line 1", (await ReadAsync(response)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_batch_over_a_thousand_events_is_rejected()
    {
        await using var app = await RunningApp.StartAsync(azurite);
        var batch = Enumerable.Range(0, 1001).Select(i => new { eventId = $"o{i}", userId = "dee", type = "login", occurredAt = Now.AddDays(-1) });

        var response = await app.Client.PostAsJsonAsync("/api/activity", batch, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("at most 1000", (await ReadAsync(response)).GetProperty("errors")[0].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client.GetAsync("/api/users/dee", TestContext.Current.CancellationToken)).StatusCode);
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.Clone();
}
