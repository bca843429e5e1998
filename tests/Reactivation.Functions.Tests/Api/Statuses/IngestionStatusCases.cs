using System.Net.Http.Json;
using Microsoft.AspNetCore.Http;

namespace Reactivation.Functions.Tests.Api.Statuses;

public sealed class IngestionStatusCases : IStatusCases
{
    public IEnumerable<(string Operation, int Status, StatusCase Case)> Cases =>
    [
        ("PostActivity", StatusCodes.Status200OK, (p, _, ct) => p.Ingestion.PostAsJsonAsync(
            "/api/activity", new { events = new[] { new { eventId = Unique("event"), userId = Unique("active"), type = "login", occurredAt = DateTimeOffset.UtcNow.AddMinutes(-5) } } }, ct)),
        ("PostActivity", StatusCodes.Status400BadRequest, (p, _, ct) => p.Ingestion.PostAsync("/api/activity", ApiProbe.Json($$"""
            [{ "eventId": "{{Unique("event")}}", "userId": "not~an~id", "type": "teleport" }]
            """), ct)),
        ("PostUsers", StatusCodes.Status200OK, (p, _, ct) => p.Ingestion.PostAsJsonAsync("/api/users", new[] { new { userId = Unique("user"), locale = "en-GB" } }, ct)),
        ("PostUsers", StatusCodes.Status400BadRequest, (p, _, ct) => p.Ingestion.PostAsync("/api/users", ApiProbe.Json("""{ "users": [{ "userId": "not~an~id" }] }"""), ct)),
        ("GetUser", StatusCodes.Status200OK, KnownUserAsync),
        ("GetUser", StatusCodes.Status400BadRequest, (p, _, ct) => p.Admin.GetAsync("/api/users/not~an~id", ct)),
        ("GetUser", StatusCodes.Status404NotFound, (p, _, ct) => p.Admin.GetAsync($"/api/users/{Unique("nobody")}", ct)),
    ];

    // A user written through the API, then read back.
    private static async Task<HttpResponseMessage> KnownUserAsync(ApiProbe probe, ApiRow row, CancellationToken cancellationToken)
    {
        var userId = Unique("known");
        using (var written = await probe.Ingestion.PostAsJsonAsync("/api/users", new[] { new { userId, email = "known@example.com" } }, cancellationToken))
        {
            written.EnsureSuccessStatusCode();
        }

        return await probe.Admin.GetAsync($"/api/users/{userId}", cancellationToken);
    }

    // Every case writes or reads its own ids, so the cases share the app in any order.
    private static string Unique(string prefix) => $"status-{prefix}-{Guid.NewGuid():N}";
}
