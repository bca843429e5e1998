using Microsoft.AspNetCore.Http;

namespace Reactivation.Functions.Tests.Api.Statuses;

public sealed class ConsentStatusCases : IStatusCases
{
    public IEnumerable<(string Operation, int Status, StatusCase Case)> Cases =>
    [
        ("PostConsent", StatusCodes.Status200OK, (p, _, ct) => p.Admin.PostAsync("/api/consent", ApiProbe.Json($$"""
            [{ "changeId": "{{Unique("change")}}", "userId": "{{Unique("consenting")}}", "channel": "sms", "purpose": "marketing", "state": "optOut", "source": "api" }]
            """), ct)),
        ("PostConsent", StatusCodes.Status400BadRequest, (p, _, ct) => p.Admin.PostAsync("/api/consent", ApiProbe.Json($$"""
            [{ "changeId": "{{Unique("change")}}", "userId": "{{Unique("consenting")}}", "channel": "fax", "purpose": "marketing", "state": "maybe", "source": "api" }]
            """), ct)),
        ("GetConsent", StatusCodes.Status200OK, (p, _, ct) => p.Admin.GetAsync($"/api/consent/{Unique("unasked")}", ct)),
        ("GetConsent", StatusCodes.Status400BadRequest, (p, _, ct) => p.Admin.GetAsync("/api/consent/not~an~id", ct)),
        ("GetNotSent", StatusCodes.Status200OK, (p, _, ct) => p.Admin.GetAsync($"/api/users/{Unique("unsent")}/notsent?limit=5", ct)),
        ("GetNotSent", StatusCodes.Status400BadRequest, (p, _, ct) => p.Admin.GetAsync($"/api/users/{Unique("unsent")}/notsent?limit=0", ct)),
        ("GetAudit", StatusCodes.Status200OK, (p, _, ct) => p.Admin.GetAsync($"/api/audit?userId={Unique("audited")}&limit=5", ct)),
        ("GetAudit", StatusCodes.Status400BadRequest, (p, _, ct) => p.Admin.GetAsync("/api/audit?limit=5", ct)),
    ];

    // Every case writes or reads its own user, so the cases share the app in any order.
    private static string Unique(string prefix) => $"status-{prefix}-{Guid.NewGuid():N}";
}
