namespace Reactivation.Core.Measurement.Alerts;

/// <summary>How soon someone must look at an alert.</summary>
/// <remarks>Storage contract: stored by name in the <c>alerts</c> table and sent by name in the webhook body; add, never rename.</remarks>
public enum AlertSeverity
{
    /// <summary>Review at the next weekly tuning (seeds: routine weekly adjustment).</summary>
    Warning,

    /// <summary>Act within the day (seeds: the 24-hour emergency mechanism).</summary>
    Critical,
}
