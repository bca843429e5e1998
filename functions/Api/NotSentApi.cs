using Reactivation.Core.Activity;
using Reactivation.Core.Policy;
using Reactivation.Infra.Policy;

namespace Reactivation.Functions.Api;

/// <summary><c>GET /api/users/{userId}/notsent?limit=</c>: why messages did not reach a user (admin key).</summary>
public static class NotSentApi
{
    /// <summary>The most entries one call returns.</summary>
    public const int MaxLimit = 1_000;

    /// <summary>The user's why-not-sent entries (newest first), consent flags and recent touches.</summary>
    public static async Task<IResult> GetAsync(
        string userId, HttpRequest request, NotSentLedger notSent, ConsentFlags consent, ContactLedger ledger, ContactPolicyOptions rules, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (Identifiers.Check(userId) is { } problem)
        {
            return Problems.Invalid("The user id is not valid.", [new ValidationProblem("/userId", $"userId {problem}")]);
        }

        var limit = 100;
        if (request.Query.TryGetValue("limit", out var text) && (!int.TryParse(text, out limit) || limit is < 1 or > MaxLimit))
        {
            return Problems.Invalid("The limit is not valid.", [new ValidationProblem("/limit", $"limit must be a whole number from 1 to {MaxLimit}")]);
        }

        var entries = notSent.ReadAsync(userId, limit, cancellationToken);
        var flags = consent.GetAsync(userId, cancellationToken);
        var touches = ledger.ReadAsync(userId, clock.GetUtcNow() - rules.LookBack, cancellationToken);
        await Task.WhenAll(entries, flags, touches).ConfigureAwait(false);
        var (recent, engagedAt) = await touches.ConfigureAwait(false);
        return TypedResults.Ok(ContactView.Of(userId, await entries.ConfigureAwait(false), await flags.ConfigureAwait(false), recent, engagedAt));
    }
}
