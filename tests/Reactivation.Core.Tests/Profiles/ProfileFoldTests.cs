using Reactivation.Core.Activity;
using Reactivation.Core.Profiles;
using Xunit;

namespace Reactivation.Core.Tests.Profiles;

public sealed class ProfileFoldTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 2, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Any_order_and_any_repeats_of_the_same_events_fold_to_the_same_profile(int seed)
    {
        var events = History();
        var random = new Random(seed);
        var shuffled = events.Concat(events.Take(random.Next(1, events.Count))).OrderBy(_ => random.Next()).ToList();

        var inOrder = ProfileFold.ApplyAll(UserProfile.New("u"), events);
        var scrambled = ProfileFold.ApplyAll(UserProfile.New("u"), shuffled);

        Assert.True(inOrder.SameAs(scrambled));
        Assert.Equal((3, 60m), (inOrder.PurchaseCount, inOrder.TotalSpend));
        Assert.Equal(Now.AddDays(-1), inOrder.LastLoginAt);
        Assert.Equal(Now.AddDays(-40), inOrder.FirstSeenAt);
    }

    [Fact]
    public void Days_older_than_the_bitmap_window_are_ignored_and_repeats_do_not_count_twice()
    {
        var today = DayBitmap.DayOf(Now);
        var bitmap = DayBitmap.Empty.With(today).With(today).With(today - 5).With(today - 200);
        Assert.Equal(2, bitmap.Total);
        Assert.Equal(2, bitmap.CountDays(today, 0, 30));
        Assert.Equal(0, bitmap.CountDays(today, 30, 30));
    }

    private static List<ActivityEvent> History() =>
    [
        new("l1", "u", ActivityType.Login, Now.AddDays(-1)),
        new("l2", "u", ActivityType.Login, Now.AddDays(-40)),
        new("p1", "u", ActivityType.Purchase, Now.AddDays(-10), 10m),
        new("p2", "u", ActivityType.Purchase, Now.AddDays(-20), 20m),
        new("p3", "u", ActivityType.Purchase, Now.AddDays(-30), 30m),
        new("c1", "u", ActivityType.Complaint, Now.AddDays(-3)),
    ];
}
