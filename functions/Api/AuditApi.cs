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
        return TypedResults.Ok(new AuditView(admin ? null : userId, entries.Select(e => new AuditView.Entry(e.At, e.Kind, e.Actor, e.Detail, e.SendKey, e.InstanceId)).ToList()));
    }
}

/// <summary>The shape of <c>GET /api/audit</c>.</summary>
/// <param name="UserId">The user, or null for the admin scope.</param>
/// <param name="Entries">The entries, newest first.</param>
public sealed record AuditView(string? UserId, IReadOnlyList<AuditView.Entry> Entries)
{
    /// <summary>One audit entry.</summary>
    /// <param name="At">When.</param>
    /// <param name="Kind">What happened.</param>
    /// <param name="Actor">Who did it.</param>
    /// <param name="Detail">In words.</param>
    /// <param name="SendKey">The send it concerns.</param>
    /// <param name="InstanceId">The journey instance it concerns.</param>
    public sealed record Entry(DateTimeOffset At, string Kind, string Actor, string Detail, string? SendKey, string? InstanceId);
}
