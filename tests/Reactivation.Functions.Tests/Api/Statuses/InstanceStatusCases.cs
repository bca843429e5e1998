using Microsoft.AspNetCore.Http;

namespace Reactivation.Functions.Tests.Api.Statuses;

public sealed class InstanceStatusCases : IStatusCases
{
    private const string Ghost = "/api/instances/status-cases~nobody~1";

    public IEnumerable<(string Operation, int Status, StatusCase Case)> Cases =>
    [
        ("ListInstances", StatusCodes.Status200OK, (p, _, ct) => p.Admin.GetAsync($"/api/instances?journeyId={StatusJourney.Id}&top=5", ct)),
        ("ListInstances", StatusCodes.Status400BadRequest, (p, _, ct) => p.Admin.GetAsync("/api/instances?runtimeStatus=Sleeping", ct)),

        ("PurgeInstances", StatusCodes.Status200OK, async (p, _, ct) =>
        {
            await StatusJourney.EndedAsync(p, "purge-many", ct);
            return await p.Admin.DeleteAsync($"/api/instances?journeyId={StatusJourney.Id}&createdTimeFrom=2026-01-01T00:00:00Z&runtimeStatus=Terminated", ct);
        }),
        ("PurgeInstances", StatusCodes.Status400BadRequest, (p, _, ct) => p.Admin.DeleteAsync("/api/instances", ct)),
        ("PurgeInstances", StatusCodes.Status404NotFound, (p, _, ct) => p.Admin.DeleteAsync("/api/instances?journeyId=no-such-journey&createdTimeFrom=2026-01-01T00:00:00Z", ct)),

        ("GetInstance", StatusCodes.Status200OK, async (p, _, ct) => await p.Admin.GetAsync($"/api/instances/{await StatusJourney.EndedAsync(p, "get-ended", ct)}", ct)),
        ("GetInstance", StatusCodes.Status202Accepted, async (p, _, ct) =>
            await p.Admin.GetAsync($"/api/instances/{await StatusJourney.RunningAsync(p, "get-running", ct)}?showHistory=true", ct)),
        ("GetInstance", StatusCodes.Status400BadRequest, (p, _, ct) => p.Admin.GetAsync(Ghost + "?showHistory=maybe", ct)),
        ("GetInstance", StatusCodes.Status404NotFound, (p, _, ct) => p.Admin.GetAsync(Ghost, ct)),
        ("GetInstance", StatusCodes.Status500InternalServerError, async (p, _, ct) =>
            await p.Admin.GetAsync($"/api/instances/{await StatusJourney.FailedAsync(p, ct)}?returnInternalServerErrorOnFailure=true", ct)),

        ("PurgeInstance", StatusCodes.Status200OK, async (p, _, ct) => await p.Admin.DeleteAsync($"/api/instances/{await StatusJourney.EndedAsync(p, "purge-one", ct)}", ct)),
        ("PurgeInstance", StatusCodes.Status404NotFound, (p, _, ct) => p.Admin.DeleteAsync(Ghost, ct)),
        ("PurgeInstance", StatusCodes.Status409Conflict, async (p, _, ct) => await p.Admin.DeleteAsync($"/api/instances/{await StatusJourney.RunningAsync(p, "purge-running", ct)}", ct)),

        ("RaiseEvent", StatusCodes.Status202Accepted, async (p, _, ct) =>
            await p.Admin.PostAsync($"/api/instances/{await StatusJourney.RunningAsync(p, "raise", ct)}/raiseEvent/nudge", ApiProbe.Json("{}"), ct)),
        ("RaiseEvent", StatusCodes.Status400BadRequest, (p, _, ct) => p.Admin.PostAsync(Ghost + "/raiseEvent/not-a-name", ApiProbe.Json("{}"), ct)),
        ("RaiseEvent", StatusCodes.Status404NotFound, (p, _, ct) => p.Admin.PostAsync(Ghost + "/raiseEvent/click", ApiProbe.Json("{}"), ct)),
        ("RaiseEvent", StatusCodes.Status410Gone, async (p, _, ct) =>
            await p.Admin.PostAsync($"/api/instances/{await StatusJourney.EndedAsync(p, "raise-ended", ct)}/raiseEvent/click", ApiProbe.Json("{}"), ct)),

        .. Control("TerminateInstance", "terminate"),
        .. Control("SuspendInstance", "suspend"),
        .. Control("ResumeInstance", "resume"),
    ];

    // Terminate, suspend and resume answer alike: 202 on a running instance, 404 on none, 410 on an ended one.
    private static IEnumerable<(string Operation, int Status, StatusCase Case)> Control(string operation, string verb) =>
    [
        (operation, StatusCodes.Status202Accepted, async (p, _, ct) =>
            await p.Admin.PostAsync($"/api/instances/{await StatusJourney.RunningAsync(p, verb, ct)}/{verb}?reason=status-case", null, ct)),
        (operation, StatusCodes.Status404NotFound, (p, _, ct) => p.Admin.PostAsync($"{Ghost}/{verb}", null, ct)),
        (operation, StatusCodes.Status410Gone, async (p, _, ct) =>
            await p.Admin.PostAsync($"/api/instances/{await StatusJourney.EndedAsync(p, verb + "-ended", ct)}/{verb}", null, ct)),
    ];
}
