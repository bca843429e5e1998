using System.Text.Json;

namespace Reactivation.Core.Activity;

/// <summary>An activity event as it arrives, before validation; every field may be missing or wrong.</summary>
/// <remarks>This is the <c>POST /api/activity</c> and import contract; add optional fields, never rename.</remarks>
public sealed record ActivityEventInput
{
    /// <summary>The producer's unique id for the event.</summary>
    public string? EventId { get; init; }

    /// <summary>The user the event belongs to.</summary>
    public string? UserId { get; init; }

    /// <summary>The wire name of the activity type (see <see cref="ActivityTypeNames"/>).</summary>
    public string? Type { get; init; }

    /// <summary>When the event happened, ISO 8601 with an offset.</summary>
    public DateTimeOffset? OccurredAt { get; init; }

    /// <summary>For purchases: the amount, zero or more.</summary>
    public decimal? Amount { get; init; }

    /// <summary>For purchases: the ISO 4217 currency code.</summary>
    public string? Currency { get; init; }

    /// <summary>Optional string properties kept with the raw event.</summary>
    public Dictionary<string, JsonElement>? Properties { get; init; }
}
