namespace Reactivation.Core.Audit;

/// <summary>One row of the append-only audit trail: what happened, to whom, on whose behalf.</summary>
/// <param name="At">When it happened.</param>
/// <param name="Kind">What happened (<see cref="AuditKinds"/>).</param>
/// <param name="Actor">Who or what did it (<see cref="AuditActors"/>): <c>system</c>, <c>journey:{id}</c>, <c>admin</c>, <c>user</c>, <c>sms</c>, <c>api</c>.</param>
/// <param name="UserId">The user concerned; null for actions on no one user (they go to the admin partition).</param>
/// <param name="Detail">A short readable line; contact data in it is masked before it is stored.</param>
/// <remarks>Storage contract: these are the <c>audit</c> table's columns; add, never rename.</remarks>
public sealed record AuditEntry(DateTimeOffset At, string Kind, string Actor, string? UserId, string Detail)
{
    /// <summary>The send concerned, if any.</summary>
    public string? SendKey { get; init; }

    /// <summary>The journey instance concerned, if any.</summary>
    public string? InstanceId { get; init; }

    /// <summary>
    /// The natural id of what is recorded (the send key of a send, the change id of a consent change): an entry whose
    /// id is already recorded is not recorded again, so retries do not duplicate. Null: every call adds a row.
    /// </summary>
    public string? DedupeKey { get; init; }
}
