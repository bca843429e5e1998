using Azure;
using Reactivation.Core.Measurement.Alerts;

namespace Reactivation.Infra.Measurement;

/// <summary>A stored alert and how its delivery stands.</summary>
/// <param name="Alert">The alert as first raised.</param>
/// <param name="RaisedAt">When it was first raised (the evaluation time of that run).</param>
/// <param name="State">Pending or delivered.</param>
/// <param name="Attempts">POSTs tried so far.</param>
/// <param name="LastError">Why the last failed POST failed; null before any failure (kept after a later delivery).</param>
/// <param name="DeliveredAt">When the webhook accepted it.</param>
public sealed record AlertRecord(Alert Alert, DateTimeOffset RaisedAt, AlertDeliveryState State, int Attempts, string? LastError, DateTimeOffset? DeliveredAt)
{
    /// <summary>The row the record was read from.</summary>
    internal string RowKey { get; init; } = "";

    /// <summary>The row's version when read, so a delivery update never overwrites another run's.</summary>
    internal ETag ETag { get; init; }
}
