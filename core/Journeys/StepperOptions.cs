namespace Reactivation.Core.Journeys;

/// <summary>Engine settings the step function needs.</summary>
/// <param name="SendTimeout">How long after a send starts an unanswered send is reconciled (sent again with the same key).</param>
/// <param name="DefaultTimeZone">The zone for time windows when the user's is unknown.</param>
public sealed record StepperOptions(TimeSpan SendTimeout, TimeZoneInfo DefaultTimeZone)
{
    /// <summary>Five minutes to reconcile, windows in China Standard Time by default.</summary>
    public static StepperOptions Default { get; } = new(TimeSpan.FromMinutes(5), TimeZoneInfo.TryFindSystemTimeZoneById("Asia/Shanghai", out var zone) ? zone : TimeZoneInfo.Utc);
}
