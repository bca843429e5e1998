namespace Reactivation.Core.Silence;

/// <summary>What the sweep decided about one user on one day.</summary>
/// <remarks>Stored (compactly) per user per sweep day and read back to find who moved; a storage contract.</remarks>
/// <param name="UserId">The user.</param>
/// <param name="Band">How deeply silent, or <see cref="DormancyBand.Active"/>.</param>
/// <param name="Tier">RFM value tier.</param>
/// <param name="Cause">Why silent, or <see cref="SilenceCause.None"/> when active.</param>
/// <param name="EarlyWarning">Active but drifting toward silence.</param>
/// <param name="DaysSilent">Whole days since the counted activity (0 when active inside the window counts as that many days).</param>
/// <param name="LoginDaysLast30">Days with a login in the last 30 days.</param>
/// <param name="LoginDaysPrevious30">Days with a login in the 30 days before those.</param>
public sealed record SweepResult(
    string UserId,
    DormancyBand Band,
    ValueTier Tier,
    SilenceCause Cause,
    bool EarlyWarning,
    int DaysSilent,
    int LoginDaysLast30,
    int LoginDaysPrevious30)
{
    /// <summary>True when the user is silent.</summary>
    public bool IsSilent => Band != DormancyBand.Active;
}
