using System.Net.Http.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Reactivation.Infra.Sweeps;

namespace Reactivation.Functions.Tests.Api.Statuses;

public sealed class SweepStatusCases : IStatusCases
{
    public IEnumerable<(string Operation, int Status, StatusCase Case)> Cases =>
    [
        ("GetSweep", StatusCodes.Status200OK, SweptDayAsync),
        ("GetSweep", StatusCodes.Status400BadRequest, (p, _, ct) => p.Admin.GetAsync("/api/sweeps/yesterday", ct)),
        ("GetSweep", StatusCodes.Status404NotFound, (p, _, ct) => p.Admin.GetAsync("/api/sweeps/1999-01-01", ct)),
    ];

    // A real sweep of one silent user, so the summary is the one the sweep writes.
    private static async Task<HttpResponseMessage> SweptDayAsync(ApiProbe probe, ApiRow row, CancellationToken cancellationToken)
    {
        var asOf = new DateTimeOffset(2026, 11, 20, 2, 0, 0, TimeSpan.Zero);
        (await probe.Ingestion.PostAsJsonAsync(
            "/api/activity", new[] { new { eventId = "status-sweep-1", userId = "status-quiet", type = "login", occurredAt = asOf.AddDays(-100) } }, cancellationToken)).Dispose();
        var runner = probe.App.Services.GetRequiredService<SweepRunner>();
        var run = await runner.StartAsync(asOf, cancellationToken);
        for (var shard = 0; shard < run.ShardCount; shard++)
        {
            await runner.ProcessShardAsync(new SweepShardMessage(run.SweepDate, shard), cancellationToken: cancellationToken);
        }

        return await probe.Admin.GetAsync("/api/sweeps/2026-11-20", cancellationToken);
    }
}
