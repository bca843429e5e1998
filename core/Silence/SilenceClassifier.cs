using Reactivation.Core.Activity;
using Reactivation.Core.Profiles;

namespace Reactivation.Core.Silence;

/// <summary>Classifies one profile: silent or not, how deeply, how valuable, why, and whether drifting. Pure.</summary>
public static class SilenceClassifier
{
    /// <summary>Classifies <paramref name="profile"/> as of <paramref name="asOf"/>.</summary>
    /// <param name="profile">The user's aggregate.</param>
    /// <param name="asOf">The instant the sweep decides for (fixed per sweep, so re-runs agree).</param>
    /// <param name="policy">The rules.</param>
    /// <param name="meanSpend">The population's mean lifetime spend among purchasers, fixed per sweep.</param>
    public static SweepResult Classify(UserProfile profile, DateTimeOffset asOf, SilencePolicy policy, decimal meanSpend)
    {
        var silentSince = SilentSince(profile, policy);
        var daysSilent = silentSince is { } since ? Math.Max(0, (int)(asOf - since).TotalDays) : 0;
        var band = BandFor(silentSince is null ? TimeSpan.Zero : asOf - silentSince.Value, policy);
        var tier = RfmTier.Of(profile, asOf, policy, meanSpend);
        var asOfDay = DayBitmap.DayOf(asOf);
        var last30 = profile.LoginDays.CountDays(asOfDay, 0, 30);
        var previous30 = profile.LoginDays.CountDays(asOfDay, 30, 30);
        var warning = band == DormancyBand.Active
            && previous30 >= policy.EarlyWarningMinimumPreviousDays
            && last30 <= previous30 * (1 - policy.EarlyWarningDrop);
        var cause = band == DormancyBand.Active ? SilenceCause.None : SilenceCauseRules.CauseOf(profile, tier, asOf, policy);
        return new SweepResult(profile.UserId, band, tier, cause, warning, daysSilent, last30, previous30);
    }

    /// <summary>The instant silence is measured from, or null when nothing at all is known about the user.</summary>
    public static DateTimeOffset? SilentSince(UserProfile profile, SilencePolicy policy)
    {
        DateTimeOffset? result = null;
        foreach (var kind in policy.CountedActivities)
        {
            var last = LastOf(profile, kind) ?? profile.FirstSeenAt;
            if (last is null)
            {
                continue;
            }

            var takeLater = policy.Mode == SilenceMode.All;
            if (result is null || (takeLater ? last > result : last < result))
            {
                result = last;
            }
        }

        return result;
    }

    /// <summary>The band for a time since the counted activity.</summary>
    public static DormancyBand BandFor(TimeSpan silentFor, SilencePolicy policy) => silentFor switch
    {
        _ when silentFor >= policy.BandOver12MonthsFrom => DormancyBand.Over12Months,
        _ when silentFor >= policy.Band6To12MonthsFrom => DormancyBand.From6To12Months,
        _ when silentFor >= policy.Band3To6MonthsFrom => DormancyBand.From3To6Months,
        _ when silentFor >= policy.SilenceWindow => DormancyBand.UpTo3Months,
        _ => DormancyBand.Active,
    };

    private static DateTimeOffset? LastOf(UserProfile profile, ActivityType kind) => kind switch
    {
        ActivityType.Login => profile.LastLoginAt,
        ActivityType.Purchase => profile.LastPurchaseAt,
        ActivityType.Interaction => profile.LastInteractionAt,
        ActivityType.Session => profile.LastSessionAt,
        _ => null,
    };
}
