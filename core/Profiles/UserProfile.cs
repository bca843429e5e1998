using System.Collections.Immutable;

namespace Reactivation.Core.Profiles;

/// <summary>The per-user aggregate the sweep reads: everything it needs without touching raw events.</summary>
/// <remarks>
/// Every field is folded idempotently (maxima, day bitmaps, a set of purchase ids), so applying the same event twice,
/// or events out of order, yields the same profile. The stored shape is a contract; see the infra entity mapping.
/// </remarks>
public sealed record UserProfile
{
    /// <summary>The canonical user id.</summary>
    public required string UserId { get; init; }

    /// <summary>Contact points and locale.</summary>
    public ContactPoints Contact { get; init; } = ContactPoints.None;

    /// <summary>When the user registered, if the producer said.</summary>
    public DateTimeOffset? RegisteredAt { get; init; }

    /// <summary>The earliest activity or registration seen.</summary>
    public DateTimeOffset? FirstSeenAt { get; init; }

    /// <summary>The latest successful login.</summary>
    public DateTimeOffset? LastLoginAt { get; init; }

    /// <summary>The latest purchase.</summary>
    public DateTimeOffset? LastPurchaseAt { get; init; }

    /// <summary>The latest interaction.</summary>
    public DateTimeOffset? LastInteractionAt { get; init; }

    /// <summary>The latest session.</summary>
    public DateTimeOffset? LastSessionAt { get; init; }

    /// <summary>The latest engagement of any kind (login, purchase, interaction, session).</summary>
    public DateTimeOffset? LastActivityAt { get; init; }

    /// <summary>The latest failed login or password reset.</summary>
    public DateTimeOffset? LastLoginFailureAt { get; init; }

    /// <summary>The latest complaint.</summary>
    public DateTimeOffset? LastComplaintAt { get; init; }

    /// <summary>The latest customer-service contact.</summary>
    public DateTimeOffset? LastServiceContactAt { get; init; }

    /// <summary>Distinct purchases counted.</summary>
    public int PurchaseCount { get; init; }

    /// <summary>Lifetime spend in the reporting currency.</summary>
    public decimal TotalSpend { get; init; }

    /// <summary>Sorted 64-bit hashes of the purchase event ids already counted, so a replayed purchase is not counted twice.</summary>
    public ImmutableArray<ulong> PurchaseIds { get; init; } = [];

    /// <summary>Days with a login, for the early-warning comparison of the last 30 days with the 30 before.</summary>
    public DayBitmap LoginDays { get; init; }

    /// <summary>Days with a complaint.</summary>
    public DayBitmap ComplaintDays { get; init; }

    /// <summary>
    /// Whether a journey enrollment has ever claimed this user's membership: true once one has (or was about to), false
    /// when ingestion looked and found no membership, null when nobody knows (rows stored before the marker existed).
    /// </summary>
    /// <remarks>
    /// Only a user whose marker is not false can have a membership, so activity of a user marked false needs no membership
    /// read. Enrollment writes true before it claims the membership, and ingestion writes false only after a membership
    /// read that comes after its profile read and before its write conditioned on that read, so a claim always either
    /// shows in that membership read or makes that write fail: the marker is never false for a member.
    /// </remarks>
    public bool? EverEnrolled { get; init; }

    /// <summary>A new, empty profile.</summary>
    public static UserProfile New(string userId) => new() { UserId = userId };

    /// <summary>Value equality, including the purchase-id set (records compare arrays by reference).</summary>
    public bool SameAs(UserProfile other) =>
        this with { PurchaseIds = [] } == other with { PurchaseIds = [] } && PurchaseIds.SequenceEqual(other.PurchaseIds);
}
