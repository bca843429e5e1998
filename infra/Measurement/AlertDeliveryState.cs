namespace Reactivation.Infra.Measurement;

/// <summary>Where an alert's webhook delivery stands.</summary>
/// <remarks>Storage contract: stored by name in the <c>alerts</c> table; add, never rename.</remarks>
public enum AlertDeliveryState
{
    /// <summary>Not delivered yet: the next run POSTs it (if a webhook is configured).</summary>
    Pending,

    /// <summary>The webhook accepted it; it is never POSTed again.</summary>
    Delivered,
}
