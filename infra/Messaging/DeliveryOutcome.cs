namespace Reactivation.Infra.Messaging;

/// <summary>What handling one delivery report did.</summary>
public enum DeliveryOutcome
{
    /// <summary>The send record took the new status.</summary>
    Recorded,

    /// <summary>The send record already held this status or a newer one (a redelivery or a report that arrived late).</summary>
    Unchanged,

    /// <summary>The message id is not one of our sends (another application on the resource, or a purged instance).</summary>
    Unknown,
}
