using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Reactivation.Functions.Hosting;
using Xunit;

namespace Reactivation.Functions.Tests.Protection;

/// <summary>
/// Every route the app serves, walked from its own endpoint table: only the link endpoints people reach from messages
/// (and the host's readiness probe) answer without a key, so a route added later cannot be public by accident.
/// </summary>
public sealed class RouteKeyTests(AzuriteFixture azurite)
{
    private const string EventGridKey = "route-walk-event-grid-key-0123";

    // Public by design: the signed token in the path is the credential. "/" is the local host's readiness answer; the
    // API description and its reference page hold no key and no data (the local host serves them, the worker does not).
    private static readonly string[] PublicRoutes = ["/", "/r/{token}", "/p/{token}", "/u/{token}", "/openapi/{documentName}.json"];

    // The reference page and its scripts and styles, under one prefix.
    private static bool IsPublic(string route) =>
        PublicRoutes.Contains(route) || route.StartsWith(Reactivation.Functions.Hosting.OpenApi.ApiDocument.ReferencePath, StringComparison.Ordinal);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task No_route_outside_the_link_endpoints_answers_a_request_without_a_key()
    {
        await using var app = await StartAsync();
        using var anonymous = app.ClientWith(null);

        var answers = await WalkAsync(app, anonymous);

        var open = answers.Where(a => a.Status != HttpStatusCode.Unauthorized).Select(a => a.Route).Distinct().Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(PublicRoutes.Order(StringComparer.Ordinal), open.Where(r => PublicRoutes.Contains(r)));
        Assert.All(open, route => Assert.True(IsPublic(route), $"{route} answers without a key"));
        Assert.All(answers.Where(a => a.Status == HttpStatusCode.Unauthorized), a => Assert.Equal("application/problem+json", a.MediaType));
    }

    [Fact]
    public async Task Every_http_function_the_app_declares_is_served_and_walked()
    {
        await using var app = await StartAsync();
        var served = Endpoints(app).Select(e => (e.Route, e.Method)).ToHashSet();

        var declared = app.Services.GetRequiredService<AppFunctions>().Http
            .SelectMany(f => f.Methods.Select(m => ("/" + f.Route, m.ToUpperInvariant()))).ToArray();

        Assert.NotEmpty(declared);
        Assert.All(declared, d => Assert.Contains(d, served));
    }

    [Fact]
    public async Task The_ingestion_key_opens_ingestion_and_nothing_else()
    {
        await using var app = await StartAsync();
        using var ingestion = app.ClientWith(RunningApp.IngestionKey);

        var answers = await WalkAsync(app, ingestion);

        var opened = answers.Where(a => a.Status != HttpStatusCode.Unauthorized && !IsPublic(a.Route)).Select(a => $"{a.Method} {a.Route}").Distinct().Order(StringComparer.Ordinal);
        Assert.Equal(["POST /api/activity", "POST /api/users"], opened);
        var userRead = answers.Single(a => a.Route == "/api/users/{userId}" && a.Method == "GET");
        Assert.Equal(HttpStatusCode.Unauthorized, userRead.Status);
    }

    [Fact]
    public async Task The_admin_key_opens_every_route_but_the_event_grid_webhook_and_none_answers_500()
    {
        await using var app = await StartAsync();

        var answers = await WalkAsync(app, app.Client);

        var refused = answers.Where(a => a.Status == HttpStatusCode.Unauthorized).Select(a => a.Route).Distinct();
        Assert.Equal(["/api/events/acs"], refused);
        Assert.DoesNotContain(answers, a => (int)a.Status >= 500);
    }

    [Fact]
    public async Task The_event_grid_webhook_opens_only_to_its_own_key_as_a_query_parameter()
    {
        await using var app = await StartAsync();
        using var anonymous = app.ClientWith(null);

        var withAdminKey = await app.Client.PostAsync("/api/events/acs", Json("[]"), Ct);
        var withItsKey = await anonymous.PostAsync($"/api/events/acs?key={EventGridKey}", Json("[]"), Ct);
        var withAdminKeyAsQuery = await anonymous.PostAsync($"/api/events/acs?key={RunningApp.AdminKey}", Json("[]"), Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, withAdminKey.StatusCode);
        Assert.Equal(HttpStatusCode.OK, withItsKey.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, withAdminKeyAsQuery.StatusCode);
    }

    [Theory]
    [InlineData("POST", "/api/activity", "Ingestion:Key")]
    [InlineData("POST", "/api/users", "Ingestion:Key")]
    [InlineData("GET", "/api/users/u1", "Admin:Key")]
    [InlineData("GET", "/api/sweeps/2026-11-22", "Admin:Key")]
    [InlineData("POST", "/api/events/acs", "Acs:EventGridKey")]
    public async Task With_no_key_configured_a_route_answers_401_naming_the_setting_that_opens_it(string method, string path, string setting)
    {
        await using var app = await RunningApp.StartAsync(azurite, new Dictionary<string, string?> { ["Admin:Key"] = "", ["Ingestion:Key"] = "" });

        using var response = await app.ClientWith("some-key-someone-guessed").SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = Json("[]") }, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Contains($"set {setting} to open it", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Startup_refuses_an_ingestion_key_equal_to_the_admin_key()
    {
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            RunningApp.StartAsync(azurite, new Dictionary<string, string?> { ["Ingestion:Key"] = RunningApp.AdminKey }));

        Assert.Contains("Ingestion:Key must differ from Admin:Key", failure.Message, StringComparison.Ordinal);
    }

    private Task<RunningApp> StartAsync() =>
        RunningApp.StartAsync(azurite, new Dictionary<string, string?> { ["Acs:EventGridKey"] = EventGridKey });

    private static StringContent Json(string body) => new(body, System.Text.Encoding.UTF8, "application/json");

    private static IEnumerable<(string Route, string Method)> Endpoints(RunningApp app) =>
        ((IEndpointRouteBuilder)app.App).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => ("/" + e.RoutePattern.RawText!.TrimStart('/'), m)))
            .Where(e => e.Item1 != "/" || e.Item2 == "GET");

    // Every route the app serves, with each parameter filled in, asked with the client's key: the answer's status is all that matters.
    private static async Task<List<(string Route, string Method, HttpStatusCode Status, string? MediaType)>> WalkAsync(
        RunningApp app, HttpClient client)
    {
        var answers = new List<(string, string, HttpStatusCode, string?)>();
        foreach (var (route, method) in Endpoints(app).Distinct())
        {
            var path = System.Text.RegularExpressions.Regex.Replace(route, @"\{[^}]+\}", "walk1");
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (method is "POST" or "PUT" or "PATCH")
            {
                request.Content = Json("{}");
            }

            using var response = await client.SendAsync(request, Ct);
            answers.Add((route, method, response.StatusCode, response.Content.Headers.ContentType?.MediaType));
        }

        Assert.True(answers.Count > 30, $"only {answers.Count} routes were walked");
        return answers;
    }
}
