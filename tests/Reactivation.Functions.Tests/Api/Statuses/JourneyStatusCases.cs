using Microsoft.AspNetCore.Http;

namespace Reactivation.Functions.Tests.Api.Statuses;

public sealed class JourneyStatusCases : IStatusCases
{
    public IEnumerable<(string Operation, int Status, StatusCase Case)> Cases =>
    [
        ("ListJourneys", StatusCodes.Status200OK, (p, _, ct) => p.Admin.GetAsync("/api/journeys", ct)),

        ("PublishJourney", StatusCodes.Status201Created, (p, _, ct) => p.Admin.PostAsync("/api/journeys", ApiProbe.Json(Definition($"published-{Guid.NewGuid():N}", "lost")), ct)),
        ("PublishJourney", StatusCodes.Status400BadRequest, (p, _, ct) => p.Admin.PostAsync("/api/journeys", ApiProbe.Json(Definition("broken", "nowhere")), ct)),
        ("PublishJourney", StatusCodes.Status409Conflict, async (p, _, ct) =>
        {
            var json = Definition($"twice-{Guid.NewGuid():N}", "lost");
            (await p.Admin.PostAsync("/api/journeys", ApiProbe.Json(json), ct)).Dispose();
            return await p.Admin.PostAsync("/api/journeys", ApiProbe.Json(json), ct);
        }),

        ("GetJourney", StatusCodes.Status200OK, (p, _, ct) => p.Admin.GetAsync("/api/journeys/standard", ct)),
        ("GetJourney", StatusCodes.Status404NotFound, (p, _, ct) => p.Admin.GetAsync("/api/journeys/no-such-journey", ct)),

        ("StartInstance", StatusCodes.Status202Accepted, (p, _, ct) => StatusJourney.StartAsync(p, "start", ct)),
        ("StartInstance", StatusCodes.Status400BadRequest, (p, _, ct) => p.Admin.PostAsync($"/api/journeys/{StatusJourney.Id}/instances", ApiProbe.Json("""{"userId":"bad/id"}"""), ct)),
        ("StartInstance", StatusCodes.Status404NotFound, (p, _, ct) => p.Admin.PostAsync("/api/journeys/no-such-journey/instances", ApiProbe.Json("""{"userId":"someone"}"""), ct)),
        ("StartInstance", StatusCodes.Status409Conflict, async (p, _, ct) =>
        {
            var id = await StatusJourney.RunningAsync(p, "start-twice", ct);
            var user = id.Split('~')[1];
            return await p.Admin.PostAsync($"/api/journeys/{StatusJourney.Id}/instances", ApiProbe.Json($$"""{"userId":"{{user}}"}"""), ct);
        }),
    ];

    private static string Definition(string id, string next) => $$"""
        { "id": "{{id}}", "version": 1, "entry": {}, "start": "hello", "steps": [
          { "id": "hello", "kind": "send", "channel": "sms", "template": "return-gift-sms", "next": "{{next}}" },
          { "id": "lost", "kind": "exit", "outcome": "lost" } ] }
        """;
}
