using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Reactivation.Functions.Hosting;
using Reactivation.Infra.Sweeps;
using Xunit;

namespace Reactivation.Functions.Tests.Hosting;

/// <summary>Posts payloads in exactly the shapes the Functions host sends (azure-platform-facts §1.2-1.4) to the running handler.</summary>
public sealed class CustomHandlerContractTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset HostNow = new(2026, 11, 22, 2, 0, 3, TimeSpan.Zero);

    [Fact]
    public async Task The_readiness_probe_at_the_root_answers_200()
    {
        await using var app = await RunningApp.StartAsync(azurite, AppMode.CustomHandler);
        var response = await app.Client.GetAsync("/", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_timer_invocation_starts_the_sweep_for_the_scheduled_occurrence_and_answers_the_host_shape()
    {
        await using var app = await RunningApp.StartAsync(azurite, AppMode.CustomHandler);
        var body = """
        { "Data": { "timer": { "Schedule": { "AdjustForDST": true },
                               "ScheduleStatus": { "Last": "2026-11-21T02:00:00+00:00", "LastUpdated": "2026-11-21T02:00:00+00:00", "Next": "2026-11-23T02:00:00+00:00" },
                               "IsPastDue": false } },
          "Metadata": { "sys": { "MethodName": "DailySweep", "UtcNow": "2026-11-22T02:00:03.2205399Z", "RandGuid": "24ad4c06-0000-0000-0000-000000000000" } } }
        """;
        var response = await PostAsync(app, "/DailySweep", body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.True(answer.RootElement.TryGetProperty("Outputs", out _));
        Assert.Equal(JsonValueKind.Array, answer.RootElement.GetProperty("Logs").ValueKind);
        Assert.True(answer.RootElement.TryGetProperty("ReturnValue", out _));
        var run = await app.Services.GetRequiredService<SweepStore>().GetRunAsync(new DateOnly(2026, 11, 22), TestContext.Current.CancellationToken);
        Assert.NotNull(run);
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 2, 0, 0, TimeSpan.Zero), run.AsOf);
    }

    [Theory]
    [InlineData("double-encoded string, numbers as strings")]
    [InlineData("plain string, numbers as numbers")]
    [InlineData("object")]
    public async Task A_queue_invocation_decodes_the_message_in_every_form_the_host_sends(string form)
    {
        await using var app = await RunningApp.StartAsync(azurite, AppMode.CustomHandler);
        var run = await app.Services.GetRequiredService<SweepRunner>().StartAsync(HostNow, TestContext.Current.CancellationToken);
        var message = JsonSerializer.Serialize(new SweepShardMessage(run.SweepDate, 2), SweepJson.Options);
        var data = form switch
        {
            "double-encoded string, numbers as strings" => JsonSerializer.Serialize(JsonSerializer.Serialize(message)),
            "plain string, numbers as numbers" => JsonSerializer.Serialize(message),
            _ => message,
        };
        var dequeue = form.Contains("numbers as strings", StringComparison.Ordinal) ? "\"1\"" : "1";
        var body = $$"""
        { "Data": { "message": {{data}} },
          "Metadata": { "DequeueCount": {{dequeue}}, "Id": "\"800ae4b3-bdd2-4c08-badd-f08e5a34b865\"", "PopReceipt": "\"AgAAAAMAAAAAAAAAAgtnj8x+1QE=\"",
                        "InsertionTime": "2026-11-22T02:00:01+00:00", "sys": { "MethodName": "SweepShard", "UtcNow": "2026-11-22T02:00:04Z" } } }
        """;

        var response = await PostAsync(app, "/SweepShard", body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var checkpoint = await app.Services.GetRequiredService<SweepStore>().GetCheckpointAsync(run.SweepDate, 2, TestContext.Current.CancellationToken);
        Assert.True(checkpoint?.Complete);
    }

    [Fact]
    public async Task A_queue_invocation_whose_work_cannot_commit_answers_500_so_the_host_retries()
    {
        await using var app = await RunningApp.StartAsync(azurite, AppMode.CustomHandler);
        var message = JsonSerializer.Serialize(new SweepShardMessage(new DateOnly(2026, 1, 1), 0), SweepJson.Options);
        var body = $$"""{ "Data": { "message": {{JsonSerializer.Serialize(JsonSerializer.Serialize(message))}} }, "Metadata": { "DequeueCount": "1" } }""";

        var response = await PostAsync(app, "/SweepShard", body);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Contains("no sweep run exists", answer.RootElement.GetProperty("Logs")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HTTP_functions_are_served_by_forwarding_at_their_real_route_with_real_status_codes()
    {
        await using var app = await RunningApp.StartAsync(azurite, AppMode.CustomHandler);
        var ok = await app.Client.PostAsJsonAsync("/api/activity",
            new[] { new { eventId = "e1", userId = "fwd-user", type = "login", occurredAt = HostNow.AddDays(-1) } }, TestContext.Current.CancellationToken);
        var missing = await app.Client.GetAsync("/api/users/nobody", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Invocation_routes_are_not_served_in_local_mode()
    {
        await using var app = await RunningApp.StartAsync(azurite, AppMode.Local);
        var response = await PostAsync(app, "/DailySweep", """{ "Data": {}, "Metadata": {} }""");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static Task<HttpResponseMessage> PostAsync(RunningApp app, string path, string json) =>
        app.Client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
}
