using Reactivation.Core.Users;
using Reactivation.Infra.Ingestion;

namespace Reactivation.Functions.Api;

/// <summary><c>POST /api/users</c> (create or update up to 1,000 users, all or nothing) and <c>GET /api/users/{userId}</c>.</summary>
public static class UsersApi
{
    /// <summary>The most users one request may carry.</summary>
    public const int MaxBatchSize = 1_000;

    /// <summary>Validates every user, then writes them.</summary>
    public static async Task<IResult> PostAsync(HttpRequest request, UserDirectory users, CancellationToken cancellationToken)
    {
        var (items, problems, bodyProblem) = await JsonBody.ReadListAsync<UserInput>(request, "users", cancellationToken).ConfigureAwait(false);
        if (bodyProblem is not null)
        {
            return bodyProblem;
        }

        var outcome = UserValidator.ValidateBatch(items, MaxBatchSize);
        var all = JsonBody.Merge(problems, outcome.Problems);
        if (all.Count > 0)
        {
            return Problems.Invalid($"{all.Count} problem(s) in a batch of {items.Count} user(s).", all);
        }

        var report = await users.UpsertAsync(outcome.Value!, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new UsersUpserted(report.Created, report.Updated));
    }

    /// <summary>The user's profile aggregate.</summary>
    public static async Task<IResult> GetAsync(string userId, UserDirectory users, CancellationToken cancellationToken)
    {
        if (Core.Activity.Identifiers.Check(userId) is { } problem)
        {
            return Problems.Invalid("The user id is not valid.", [new Core.Activity.ValidationProblem("/userId", $"userId {problem}")]);
        }

        var profile = await users.GetAsync(userId, cancellationToken).ConfigureAwait(false);
        return profile is null
            ? Problems.NotFound($"No user '{userId}'.")
            : TypedResults.Ok(ProfileView.Of(profile));
    }
}

/// <summary>What <c>POST /api/users</c> wrote.</summary>
/// <param name="Created">Users created.</param>
/// <param name="Updated">Users updated.</param>
public sealed record UsersUpserted(int Created, int Updated);
