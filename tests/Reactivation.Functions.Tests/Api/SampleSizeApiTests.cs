using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Reactivation.Functions.Hosting;
using Xunit;

namespace Reactivation.Functions.Tests.Api;

public sealed class SampleSizeApiTests(AzuriteFixture azurite)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_sample_size_endpoint_answers_users_per_arm_for_a_relative_or_absolute_effect()
    {
        await using var app = await RunningApp.StartAsync(azurite);

        var relative = await app.Client.GetFromJsonAsync<JsonObject>("/api/experiments/samplesize?baseline=0.042&lift=0.15", Ct);
        var absolute = await app.Client.GetFromJsonAsync<JsonObject>("/api/experiments/samplesize?baseline=0.20&absolute=0.03&alpha=0.05&power=0.8", Ct);

        Assert.Equal(17_050, relative!["perArm"]!.GetValue<long>());
        Assert.Equal(34_100, relative["total"]!.GetValue<long>());
        Assert.Equal(2_943, absolute!["perArm"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_bad_sample_size_request_gets_a_problem_locating_every_mistake()
    {
        await using var app = await RunningApp.StartAsync(azurite);

        var response = await app.Client.GetAsync("/api/experiments/samplesize?baseline=lots&lift=0.1&absolute=0.01&power=x", Ct);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>(Ct);
        var impossible = await app.Client.GetAsync("/api/experiments/samplesize?baseline=0.9&lift=0.5", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["/baseline", "/lift", "/power"], problem!["errors"]!.AsArray().Select(e => e!["location"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.Equal(HttpStatusCode.BadRequest, impossible.StatusCode);
        Assert.Contains("outside 0 to 1", await impossible.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }
}
