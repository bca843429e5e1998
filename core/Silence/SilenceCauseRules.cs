using Reactivation.Core.Profiles;

namespace Reactivation.Core.Silence;

/// <summary>The silence-cause rule table; the first rule that matches wins.</summary>
/// <remarks>
/// | order | cause | rule |
/// |---|---|---|
/// | 1 | ExperienceDamaged | a complaint within <see cref="SilencePolicy.ComplaintLookback"/> and no service contact after it |
/// | 2 | ForgottenAccount | a failed login or password reset after the last successful login |
/// | 3 | NeverActivated | no purchase, and nothing after the first <see cref="SilencePolicy.NeverActivatedWithin"/> |
/// | 4 | ValueShift | a frequent buyer (more than <see cref="SilencePolicy.FrequencyHighAbove"/> purchases) or a high tier |
/// | 5 | NaturalDecline | everyone else |
/// The same table is in the README; keep them together.
/// </remarks>
public static class SilenceCauseRules
{
    /// <summary>The cause for a silent user.</summary>
    public static SilenceCause CauseOf(UserProfile profile, ValueTier tier, DateTimeOffset asOf, SilencePolicy policy)
    {
        if (profile.LastComplaintAt is { } complained
            && asOf - complained <= policy.ComplaintLookback
            && (profile.LastServiceContactAt is not { } contacted || contacted < complained))
        {
            return SilenceCause.ExperienceDamaged;
        }

        if (profile.LastLoginFailureAt is { } failed && (profile.LastLoginAt is not { } login || failed > login))
        {
            return SilenceCause.ForgottenAccount;
        }

        if (profile.PurchaseCount == 0
            && (profile.LastActivityAt is not { } active || profile.FirstSeenAt is not { } first || active - first <= policy.NeverActivatedWithin))
        {
            return SilenceCause.NeverActivated;
        }

        return profile.PurchaseCount > policy.FrequencyHighAbove || tier == ValueTier.High
            ? SilenceCause.ValueShift
            : SilenceCause.NaturalDecline;
    }
}
