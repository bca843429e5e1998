using Reactivation.Core.Silence;

namespace Reactivation.Core.Sweeps;

/// <summary>A user's band and warning at the last completed sweep.</summary>
/// <param name="Band">The band then.</param>
/// <param name="EarlyWarning">Whether warned then.</param>
public readonly record struct PreviousStanding(DormancyBand Band, bool EarlyWarning)
{
    /// <summary>The standing of a user the last sweep did not see: active, not warned.</summary>
    public static PreviousStanding Unknown => new(DormancyBand.Active, false);
}
