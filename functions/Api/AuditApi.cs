using Reactivation.Core.Activity;
using Reactivation.Infra.Audit;

namespace Reactivation.Functions.Api;

/// <summary><c>GET /api/audit?userId=&amp;limit=</c>: a user's audit trail, newest first (admin key); <c>?scope=admin</c> reads the actions on no one user.</summary>
public static class AuditApi
{
    /// <summary>The most entries one call returns.</summary>
    public const int MaxLimit = 1_000;

    /// <summary>The entries.</summary>
    public static async Task<IResult> GetAsync(HttpRequest request, AuditTrail audit, CancellationToken cancellationToken)
    {
        var problems = new List<ValidationProblem>();
        var userId = request.Query["userId"].FirstOrDefault();
        var admin = request.Query["scope"].FirstOrDefault() == "admin";
        if (!admin && Identifiers.Check(userId) is { } problem)
        {
            problems.Add(new ValidationProblem("/userId", $"userId {problem} (or ask for scope=admin)"));
        }

        var limit = 100;
        if (request.Query.TryGetValue("limit", out var text) && (!int.TryParse(text, out limit) || limit is < 1 or > MaxLimit))
        {
            problems.Add(new ValidationProblem("/limit", $"limit must be a whole number from 1 to {MaxLimit}"));
        }

        if (problems.Count > 0)
        {
            return Problems.Invalid("The audit query is not valid.", problems);
        }

        var partition = admin ? AuditTrail.AdminPartition : userId!;
        var entries = await audit.ReadAsync(partition, limit, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new
        {
            userId = admin ? null : userId,
            entries = entries.Select(e => new { at = e.At, kind = e.Kind, actor = e.Actor, detail = e.Detail, sendKey = e.SendKey, instanceId = e.InstanceId }),
        });
    }
}
