using Reactivation.Core.Activity;
using Reactivation.Core.Policy;
using Reactivation.Infra.Policy;

namespace Reactivation.Functions.Api;

/// <summary>
/// <c>POST /api/consent</c> (server-to-server consent changes, all or nothing) and <c>GET /api/consent/{userId}</c> (the
/// full history as proof, with the current state); both need the admin key.
/// </summary>
public static class ConsentApi
{
    /// <summary>The most changes one request may carry.</summary>
    public const int MaxBatchSize = 1_000;

    /// <summary>Validates every change, then records them in the ledger and the current state.</summary>
    public static async Task<IResult> PostAsync(HttpRequest request, ConsentLedger ledger, TimeProvider clock, CancellationToken cancellationToken)
    {
        var (items, problems, bodyProblem) = await JsonBody.ReadListAsync<ConsentInput>(request, "changes", cancellationToken).ConfigureAwait(false);
        if (bodyProblem is not null)
        {
            return bodyProblem;
        }

        var (changes, invalid) = ConsentValidator.Validate(items, clock.GetUtcNow(), MaxBatchSize);
        var all = JsonBody.Merge(problems, invalid);
        if (all.Count > 0)
        {
            return Problems.Invalid($"{all.Count} problem(s) in a batch of {items.Count} consent change(s); nothing was recorded.", all);
        }

        var recorded = 0;
        foreach (var change in changes)
        {
            recorded += await ledger.RecordAsync(change, cancellationToken).ConfigureAwait(false) ? 1 : 0;
        }

        return TypedResults.Ok(new ConsentRecorded(recorded, changes.Count - recorded));
    }

    /// <summary>The user's consent history, oldest first, and the current state per channel and purpose.</summary>
    public static async Task<IResult> GetAsync(string userId, ConsentLedger ledger, ConsentFlags flags, CancellationToken cancellationToken)
    {
        if (Identifiers.Check(userId) is { } problem)
        {
            return Problems.Invalid("The user id is not valid.", [new ValidationProblem("/userId", $"userId {problem}")]);
        }

        var history = await ledger.HistoryAsync(userId, cancellationToken).ConfigureAwait(false);
        var current = await flags.GetAsync(userId, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(ConsentView.Of(userId, current, history));
    }
}
