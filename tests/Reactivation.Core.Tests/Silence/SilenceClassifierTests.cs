using Reactivation.Core.Profiles;
using Reactivation.Core.Silence;
using Xunit;

namespace Reactivation.Core.Tests.Silence;

public sealed class SilenceClassifierTests
{
    private static readonly DateTimeOffset AsOf = new(2026, 11, 22, 2, 0, 0, TimeSpan.Zero);
    private static readonly SilencePolicy Policy = new();

    [Theory]
    [InlineData(29, DormancyBand.Active)]
    [InlineData(30, DormancyBand.UpTo3Months)]
    [InlineData(89, DormancyBand.UpTo3Months)]
    [InlineData(90, DormancyBand.From3To6Months)]
    [InlineData(180, DormancyBand.From6To12Months)]
    [InlineData(365, DormancyBand.Over12Months)]
    public void The_band_follows_days_since_the_last_login_or_purchase(int days, DormancyBand expected)
    {
        var profile = UserProfile.New("u") with { LastLoginAt = AsOf.AddDays(-days), FirstSeenAt = AsOf.AddDays(-900) };
        Assert.Equal(expected, SilenceClassifier.Classify(profile, AsOf, Policy, 100m).Band);
    }

    [Fact]
    public void A_recent_purchase_keeps_a_user_who_stopped_logging_in_active_under_the_default_and_rule()
    {
        var profile = UserProfile.New("u") with { LastLoginAt = AsOf.AddDays(-200), LastPurchaseAt = AsOf.AddDays(-5), FirstSeenAt = AsOf.AddDays(-900) };
        Assert.Equal(DormancyBand.Active, SilenceClassifier.Classify(profile, AsOf, Policy, 100m).Band);
        Assert.Equal(DormancyBand.From6To12Months, SilenceClassifier.Classify(profile, AsOf, Policy with { Mode = SilenceMode.Any }, 100m).Band);
    }

    [Fact]
    public void A_user_with_no_activity_is_measured_from_when_first_seen()
    {
        var profile = UserProfile.New("u") with { FirstSeenAt = AsOf.AddDays(-100) };
        var result = SilenceClassifier.Classify(profile, AsOf, Policy, 100m);
        Assert.Equal((DormancyBand.From3To6Months, 100, SilenceCause.NeverActivated), (result.Band, result.DaysSilent, result.Cause));
    }

    [Fact]
    public void Configured_band_boundaries_are_honoured()
    {
        var custom = Policy with { SilenceWindow = TimeSpan.FromDays(14), Band3To6MonthsFrom = TimeSpan.FromDays(20) };
        var profile = UserProfile.New("u") with { LastLoginAt = AsOf.AddDays(-21), FirstSeenAt = AsOf.AddDays(-900) };
        Assert.Equal(DormancyBand.From3To6Months, SilenceClassifier.Classify(profile, AsOf, custom, 0m).Band);
    }

    [Theory]
    [InlineData(8, 4, true)]
    [InlineData(8, 5, false)]
    [InlineData(3, 0, false)]
    public void Early_warning_needs_login_days_down_by_half_from_a_meaningful_baseline(int previous, int last, bool warned)
    {
        var days = DayBitmap.Empty;
        var asOfDay = DayBitmap.DayOf(AsOf);
        for (var i = 0; i < previous; i++)
        {
            days = days.With(asOfDay - 31 - i);
        }

        for (var i = 0; i < last; i++)
        {
            days = days.With(asOfDay - 1 - i);
        }

        var profile = UserProfile.New("u") with { LastLoginAt = AsOf.AddDays(-(last > 0 ? 1 : 31)), LastPurchaseAt = AsOf.AddDays(-2), LoginDays = days };
        var result = SilenceClassifier.Classify(profile, AsOf, Policy, 100m);
        Assert.Equal((previous, last, warned), (result.LoginDaysPrevious30, result.LoginDaysLast30, result.EarlyWarning));
    }

    [Fact]
    public void Silent_users_never_carry_an_early_warning()
    {
        var days = Enumerable.Range(31, 10).Aggregate(DayBitmap.Empty, (b, d) => b.With(DayBitmap.DayOf(AsOf) - d));
        var profile = UserProfile.New("u") with { LastLoginAt = AsOf.AddDays(-31), LoginDays = days };
        var result = SilenceClassifier.Classify(profile, AsOf, Policy, 100m);
        Assert.True(result.IsSilent);
        Assert.False(result.EarlyWarning);
    }
}
