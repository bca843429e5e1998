using Reactivation.Core.Messaging;
using Xunit;

namespace Reactivation.Core.Tests.Messaging;

public sealed class FailureStreakTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Three_failures_in_a_row_block_the_address()
    {
        var streak = FailureStreak.Empty("+8613800138000").WithFailure("m1", T0).WithFailure("m2", T0.AddDays(1));
        Assert.False(streak.Blocks);
        Assert.True(streak.WithFailure("m3", T0.AddDays(2)).Blocks);
    }

    [Fact]
    public void The_same_failure_reported_twice_counts_once()
    {
        var streak = FailureStreak.Empty("a").WithFailure("m1", T0).WithFailure("m1", T0).WithFailure("m1", T0).WithFailure("m2", T0.AddDays(1));
        Assert.Equal(2, streak.Count);
    }

    [Fact]
    public void A_delivery_ends_the_run_and_failures_before_it_no_longer_count()
    {
        var streak = FailureStreak.Empty("a").WithFailure("m1", T0).WithFailure("m2", T0.AddDays(1)).WithDelivery(T0.AddDays(2));
        Assert.Equal(0, streak.Count);
        Assert.Equal(0, streak.WithFailure("late", T0.AddDays(1).AddHours(1)).Count);
        Assert.Equal(1, streak.WithFailure("m3", T0.AddDays(3)).Count);
    }

    [Fact]
    public void A_delivery_reported_late_drops_only_the_failures_before_it()
    {
        var streak = FailureStreak.Empty("a").WithFailure("m1", T0).WithFailure("m3", T0.AddDays(2)).WithFailure("m4", T0.AddDays(3)).WithDelivery(T0.AddDays(1));
        Assert.Equal(["m3", "m4"], streak.Failures.Select(f => f.MessageId));
        Assert.False(streak.Blocks);
    }

    [Fact]
    public void An_older_delivery_after_a_newer_one_changes_nothing()
    {
        var streak = FailureStreak.Empty("a").WithDelivery(T0.AddDays(2)).WithFailure("m1", T0.AddDays(3));
        Assert.Same(streak, streak.WithDelivery(T0.AddDays(1)));
    }
}
