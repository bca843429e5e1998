using Reactivation.Core.Profiles;
using Reactivation.Core.Silence;
using Xunit;

namespace Reactivation.Core.Tests.Silence;

public sealed class RfmAndCauseTests
{
    private static readonly DateTimeOffset AsOf = new(2026, 11, 22, 2, 0, 0, TimeSpan.Zero);
    private static readonly SilencePolicy Policy = new();

    [Theory]
    [InlineData(10, 6, 200, ValueTier.High)]
    [InlineData(60, 3, 100, ValueTier.Mid)]
    [InlineData(120, 1, 20, ValueTier.Low)]
    [InlineData(10, 3, 20, ValueTier.Mid)]
    [InlineData(10, 6, 20, ValueTier.High)]
    [InlineData(120, 1, 500, ValueTier.Low)]
    public void The_tier_is_the_score_two_of_recency_frequency_and_monetary_share(int daysSincePurchase, int purchases, int spend, ValueTier expected)
    {
        var profile = UserProfile.New("u") with { LastPurchaseAt = AsOf.AddDays(-daysSincePurchase), PurchaseCount = purchases, TotalSpend = spend };
        Assert.Equal(expected, RfmTier.Of(profile, AsOf, Policy, meanSpend: 100m));
    }

    [Fact]
    public void A_user_who_never_purchased_is_low_value() =>
        Assert.Equal(ValueTier.Low, RfmTier.Of(UserProfile.New("u"), AsOf, Policy, 100m));

    [Fact]
    public void An_unanswered_recent_complaint_wins_over_every_other_cause()
    {
        var profile = Silent() with { LastComplaintAt = AsOf.AddDays(-40), LastLoginFailureAt = AsOf.AddDays(-35), PurchaseCount = 9 };
        Assert.Equal(SilenceCause.ExperienceDamaged, SilenceCauseRules.CauseOf(profile, ValueTier.High, AsOf, Policy));
    }

    [Fact]
    public void A_service_contact_after_the_complaint_clears_experience_damage()
    {
        var profile = Silent() with { LastComplaintAt = AsOf.AddDays(-40), LastServiceContactAt = AsOf.AddDays(-39), PurchaseCount = 1 };
        Assert.Equal(SilenceCause.NaturalDecline, SilenceCauseRules.CauseOf(profile, ValueTier.Low, AsOf, Policy));
    }

    [Fact]
    public void A_failed_login_after_the_last_success_means_a_forgotten_account()
    {
        var profile = Silent() with { LastLoginFailureAt = AsOf.AddDays(-35), PurchaseCount = 9 };
        Assert.Equal(SilenceCause.ForgottenAccount, SilenceCauseRules.CauseOf(profile, ValueTier.Mid, AsOf, Policy));
    }

    [Fact]
    public void A_frequent_buyer_who_stopped_is_a_value_shift()
    {
        var profile = Silent() with { PurchaseCount = 6 };
        Assert.Equal(SilenceCause.ValueShift, SilenceCauseRules.CauseOf(profile, ValueTier.Mid, AsOf, Policy));
    }

    [Fact]
    public void A_user_whose_activity_ended_within_a_week_of_arriving_never_activated()
    {
        var profile = UserProfile.New("u") with { FirstSeenAt = AsOf.AddDays(-60), LastActivityAt = AsOf.AddDays(-58), LastLoginAt = AsOf.AddDays(-58) };
        Assert.Equal(SilenceCause.NeverActivated, SilenceCauseRules.CauseOf(profile, ValueTier.Low, AsOf, Policy));
    }

    private static UserProfile Silent() => UserProfile.New("u") with
    {
        FirstSeenAt = AsOf.AddDays(-400), LastLoginAt = AsOf.AddDays(-45), LastActivityAt = AsOf.AddDays(-45),
    };
}
