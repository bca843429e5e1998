using Reactivation.Core.Profiles;

namespace Reactivation.Core.Silence;

/// <summary>The RFM value tier of CAP-C1, made total.</summary>
/// <remarks>
/// The seed table gives one cell per tier (high: R &lt; 30 d, F &gt; 5, M &gt; mean; mid: R 30-90 d, F 2-4, M = mean;
/// low: R &gt; 90 d, F &lt; 2, M &lt; mean), which leaves most users in no row. So each dimension is scored high, mid or
/// low by those thresholds ("= mean" meaning within a tolerance of it), and the tier is the score at least two
/// dimensions share; a user scoring one of each is mid.
/// </remarks>
public static class RfmTier
{
    /// <summary>The tier of <paramref name="profile"/>.</summary>
    public static ValueTier Of(UserProfile profile, DateTimeOffset asOf, SilencePolicy policy, decimal meanSpend)
    {
        var recency = profile.LastPurchaseAt is { } last ? asOf - last : TimeSpan.MaxValue;
        var r = recency < policy.RecencyHighWithin ? ValueTier.High
            : recency > policy.RecencyLowAfter ? ValueTier.Low
            : ValueTier.Mid;
        var f = profile.PurchaseCount > policy.FrequencyHighAbove ? ValueTier.High
            : profile.PurchaseCount < policy.FrequencyLowBelow ? ValueTier.Low
            : ValueTier.Mid;
        var m = MonetaryScore(profile.TotalSpend, meanSpend, policy.MonetaryMeanTolerance);
        return Majority(r, f, m);
    }

    /// <summary>The monetary score: above, at (within tolerance) or below the mean.</summary>
    public static ValueTier MonetaryScore(decimal spend, decimal meanSpend, double tolerance)
    {
        if (spend <= 0)
        {
            return ValueTier.Low;
        }

        var band = meanSpend * (decimal)tolerance;
        return spend > meanSpend + band ? ValueTier.High
            : spend < meanSpend - band ? ValueTier.Low
            : ValueTier.Mid;
    }

    private static ValueTier Majority(ValueTier r, ValueTier f, ValueTier m)
    {
        if (r == f || r == m)
        {
            return r;
        }

        return f == m ? f : ValueTier.Mid;
    }
}
