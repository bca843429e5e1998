using Reactivation.Core.Silence;

namespace Reactivation.Core.Sweeps;

/// <summary>Decides whether a sweep result is handed to the journey stage, by comparing it with the last sweep's.</summary>
public static class HandoffRule
{
    /// <summary>The reason to hand off, or null when nothing changed that the journey stage acts on.</summary>
    /// <param name="previous">The user's band and warning at the last completed sweep; null when the user was not in it.</param>
    /// <param name="current">Today's result.</param>
    public static HandoffReason? Decide(PreviousStanding? previous, SweepResult current)
    {
        var before = previous ?? PreviousStanding.Unknown;
        if (current.IsSilent)
        {
            return before.Band == DormancyBand.Active ? HandoffReason.BecameSilent
                : current.Band > before.Band ? HandoffReason.MovedDeeper
                : null;
        }

        return current.EarlyWarning && !before.EarlyWarning && before.Band == DormancyBand.Active ? HandoffReason.EarlyWarning : null;
    }
}
