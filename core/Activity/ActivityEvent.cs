namespace Reactivation.Core.Activity;

/// <summary>One validated activity event.</summary>
/// <param name="EventId">The producer's id; ingestion is idempotent on it per user.</param>
/// <param name="UserId">The canonical user id.</param>
/// <param name="Type">What happened.</param>
/// <param name="OccurredAt">When it happened (not when it arrived); events may arrive out of order.</param>
/// <param name="Amount">For purchases, the amount converted to the reporting currency.</param>
/// <param name="Currency">For purchases, the currency the producer sent.</param>
/// <param name="OriginalAmount">For purchases, the amount as the producer sent it.</param>
/// <param name="Properties">Free-form producer properties, kept with the raw event.</param>
public sealed record ActivityEvent(
    string EventId,
    string UserId,
    ActivityType Type,
    DateTimeOffset OccurredAt,
    decimal? Amount = null,
    string? Currency = null,
    decimal? OriginalAmount = null,
    IReadOnlyDictionary<string, string>? Properties = null);
