using Reactivation.Core.Journeys;

namespace Reactivation.Infra.Policy;

/// <summary>One marketing touch as the contact ledger stores it (storage contract: these names are in the ledger's JSON).</summary>
/// <param name="Key">The send key.</param>
/// <param name="Channel">The channel.</param>
/// <param name="Journey">The journey that sent it.</param>
/// <param name="At">When it was recorded.</param>
public sealed record LedgerTouch(string Key, Channel Channel, string Journey, DateTimeOffset At);
