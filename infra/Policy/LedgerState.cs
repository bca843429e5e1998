using Azure;

namespace Reactivation.Infra.Policy;

/// <summary>The contact ledger row as read: the touches, the last answer, and the ETag a touch is written against.</summary>
/// <param name="Touches">Every touch kept (up to <see cref="ContactLedger.Retention"/>).</param>
/// <param name="EngagedAt">The last click or reply.</param>
/// <param name="ETag">The row's ETag, or null when the user has no ledger row yet.</param>
public sealed record LedgerState(IReadOnlyList<LedgerTouch> Touches, DateTimeOffset? EngagedAt, ETag? ETag)
{
    /// <summary>The ledger of a user who has none.</summary>
    public static LedgerState Empty { get; } = new([], null, null);
}
