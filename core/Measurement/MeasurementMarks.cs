namespace Reactivation.Core.Measurement;

/// <summary>
/// What has already been counted for a user's measured enrollment: the return, the first purchase, the retention after
/// the return. Each is set once, with the activity event that set it, so a redelivered event re-stores its own facts
/// (a crash between marking and storing loses nothing) while a later event never counts the same user twice.
/// </summary>
public sealed record MeasurementMarks
{
    /// <summary>Nothing counted yet.</summary>
    public static readonly MeasurementMarks None = new();

    /// <summary>When the user returned within the window.</summary>
    public DateTimeOffset? ReturnedAt { get; init; }

    /// <summary>The activity event that was the return.</summary>
    public string? ReturnEventId { get; init; }

    /// <summary>The first purchase within the window.</summary>
    public DateTimeOffset? PurchasedAt { get; init; }

    /// <summary>Its event.</summary>
    public string? PurchaseEventId { get; init; }

    /// <summary>The first login or purchase on a later day within 30 days of the return.</summary>
    public DateTimeOffset? RetainedAt { get; init; }

    /// <summary>Its event.</summary>
    public string? RetainedEventId { get; init; }
}
