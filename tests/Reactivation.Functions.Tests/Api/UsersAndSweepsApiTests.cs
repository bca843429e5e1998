using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Reactivation.Functions.Hosting;
using Reactivation.Infra.Sweeps;
using Xunit;

namespace Reactivation.Functions.Tests.Api;

public sealed class UsersAndSweepsApiTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Users_are_created_with_normalised_contact_points()
    {
        await using var app = await RunningApp.StartAsync(azurite);
        var response = await app.Client.PostAsJsonAsync("/api/users",
            new[] { new { userId = "lin", phone = "138 0013 8000", region = "cn", email = "lin@example.com", timeZone = "Asia/Shanghai", locale = "zh-CN" } },
            TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var profile = JsonDocument.Parse(await app.Client.GetStringAsync("/api/users/lin", TestContext.Current.CancellationToken));
        Assert.Equal("+8613800138000", profile.RootElement.GetProperty("phone").GetString());
        Assert.Equal("CN", profile.RootElement.GetProperty("region").GetString());
    }

    [Fact]
    public async Task Invalid_phone_and_email_are_both_reported_and_nothing_is_written()
    {
        await using var app = await RunningApp.StartAsync(azurite);
        var response = await app.Client.PostAsJsonAsync("/api/users",
            new object[] { new { userId = "good" }, new { userId = "bad", phone = "12345", email = "not-an-email" } },
            TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var locations = problem.RootElement.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("location").GetString()).ToArray();
        Assert.Equal(["/1/email", "/1/phone"], locations.Order(StringComparer.Ordinal).ToArray());
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client.GetAsync("/api/users/good", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task The_sweep_summary_is_served_by_date_with_clear_errors_for_bad_or_unknown_dates()
    {
        await using var app = await RunningApp.StartAsync(azurite);
        var asOf = new DateTimeOffset(2026, 11, 22, 2, 0, 0, TimeSpan.Zero);
        await app.Client.PostAsJsonAsync("/api/activity",
            new[] { new { eventId = "s1", userId = "quiet", type = "login", occurredAt = asOf.AddDays(-100) } }, TestContext.Current.CancellationToken);
        var runner = app.Services.GetRequiredService<SweepRunner>();
        var run = await runner.StartAsync(asOf, TestContext.Current.CancellationToken);
        for (var shard = 0; shard < run.ShardCount; shard++)
        {
            await runner.ProcessShardAsync(new SweepShardMessage(run.SweepDate, shard), cancellationToken: TestContext.Current.CancellationToken);
        }

        using var summary = JsonDocument.Parse(await app.Client.GetStringAsync("/api/sweeps/2026-11-22", TestContext.Current.CancellationToken));
        var bad = await app.Client.GetAsync("/api/sweeps/22-11-2026", TestContext.Current.CancellationToken);
        var none = await app.Client.GetAsync("/api/sweeps/2020-01-01", TestContext.Current.CancellationToken);

        Assert.Equal("complete", summary.RootElement.GetProperty("status").GetString());
        Assert.Equal(1, summary.RootElement.GetProperty("scanned").GetInt64());
        Assert.Equal(1, summary.RootElement.GetProperty("silent").GetInt64());
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
    }
}
