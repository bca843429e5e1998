using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Reactivation.Functions.Hosting;
using Reactivation.Functions.Tests.Journeys;
using Reactivation.Infra.Storage;
using Xunit;

namespace Reactivation.Functions.Tests.Protection;

/// <summary>The checks every request meets before a handler runs: media type, body size, and the per-client rate limit on public endpoints.</summary>
public sealed class RequestGuardTests(AzuriteFixture azurite)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_json_endpoint_refuses_a_body_of_another_media_type_with_415_and_writes_nothing()
    {
        var writes = new StorageWriteCounter();
        await using var app = await StartAsync(writes);
        const string body = """[ { "eventId": "e1", "userId": "u1", "type": "login", "occurredAt": "2026-11-20T08:00:00Z" } ]""";

        var before = writes.Writes;
        var response = await app.App.Client.PostAsync("/api/activity", new StringContent(body, Encoding.UTF8, "text/plain"), Ct);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>(Ct);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("text/plain", problem!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(before, writes.Writes);
        Assert.Equal(HttpStatusCode.OK, (await app.App.Client.PostAsync("/api/activity", new StringContent(body, Encoding.UTF8, "application/json"), Ct)).StatusCode);
        Assert.True(writes.Writes > before);
    }

    [Fact]
    public async Task A_body_over_the_limit_gets_413_as_a_problem_and_writes_nothing()
    {
        var writes = new StorageWriteCounter();
        await using var app = await StartAsync(writes);
        var element = """{ "eventId": "e1", "userId": "u1", "type": "login", "occurredAt": "2026-11-20T08:00:00Z" }""";
        var body = "[" + string.Join(",", Enumerable.Repeat(element, (int)(RequestGuards.MaxBodyBytes / element.Length) + 10)) + "]";

        var before = writes.Writes;
        // As a careful client sends a large body: the server can refuse it on its declared length, before the upload
        // (otherwise the answer races the upload and the client may see its pipe broken instead of the 413).
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/activity") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.ExpectContinue = true;
        var response = await app.App.Client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, writes.Writes);
    }

    [Fact]
    public async Task A_client_over_the_public_rate_limit_gets_429_with_retry_after_while_another_client_is_served()
    {
        await using var app = await JourneyTestApp.StartAsync(azurite, extra: new Dictionary<string, string?>
        {
            ["RateLimit:PublicBurst"] = "3", ["RateLimit:PublicPerMinute"] = "6",
        });

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await app.App.Client.GetAsync("/r/not-a-token", Ct)).StatusCode);
        }

        var limited = await app.App.Client.GetAsync("/r/not-a-token", Ct);
        var problem = await limited.Content.ReadFromJsonAsync<JsonObject>(Ct);

        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.InRange(int.Parse(limited.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture), 1, 60);
        Assert.Equal("Too many requests.", problem!["title"]!.GetValue<string>());
        // The management API is not behind the public limit.
        Assert.Equal(HttpStatusCode.OK, (await app.App.Client.GetAsync("/api/journeys", Ct)).StatusCode);
    }

    [Fact]
    public void Behind_the_functions_host_the_client_is_the_address_azure_appended_not_one_the_caller_claimed()
    {
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        context.Request.Headers["X-Forwarded-For"] = "198.51.100.9, 203.0.113.5:50123";
        context.Connection.RemoteIpAddress = IPAddress.Loopback;

        Assert.Equal("203.0.113.5", PublicRateLimit.ClientOf(context, behindFrontEnd: true));
        Assert.Equal("127.0.0.1", PublicRateLimit.ClientOf(context, behindFrontEnd: false));
    }

    private Task<JourneyTestApp> StartAsync(StorageWriteCounter writes) =>
        JourneyTestApp.StartAsync(azurite, s => s.AddSingleton(sp => new StorageAccount(sp.GetRequiredService<StorageOptions>(), writes)));
}
