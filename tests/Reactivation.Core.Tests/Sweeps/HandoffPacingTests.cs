using Reactivation.Core.Sweeps;
using Xunit;

namespace Reactivation.Core.Tests.Sweeps;

public sealed class HandoffPacingTests
{
    [Fact]
    public void Each_shard_releases_its_share_of_the_burst_at_once_and_then_its_share_of_the_rate()
    {
        var pacing = new HandoffPacing(PerSecond: 100, Burst: 1_000);

        // 4 shards: 250 each at once, then 25 a second each.
        Assert.Equal(TimeSpan.Zero, pacing.ReleaseAfter(0, 4));
        Assert.Equal(TimeSpan.Zero, pacing.ReleaseAfter(249, 4));
        Assert.Equal(TimeSpan.FromMilliseconds(40), pacing.ReleaseAfter(250, 4));
        Assert.Equal(TimeSpan.FromMilliseconds(10_040), pacing.ReleaseAfter(500, 4));
        Assert.Equal(TimeSpan.FromMilliseconds(3_990_040), pacing.ReleaseAfter(100_000, 4));
    }

    [Fact]
    public void All_shards_together_release_no_more_than_the_burst_and_the_rate_allow()
    {
        var pacing = new HandoffPacing(PerSecond: 200, Burst: 10_000);
        const int shards = 64;
        const int perShard = 20_000;

        var releases = Enumerable.Range(0, shards).SelectMany(_ => Enumerable.Range(0, perShard).Select(i => pacing.ReleaseAfter(i, shards))).ToList();

        Assert.True(releases.Count(r => r == TimeSpan.Zero) <= 10_000);
        foreach (var seconds in new[] { 1, 60, 600, 6_000 })
        {
            Assert.True(releases.Count(r => r <= TimeSpan.FromSeconds(seconds)) <= 10_000 + 200 * seconds + shards, $"more than the pace allows by {seconds} s");
        }

        Assert.Equal(TimeSpan.FromSeconds((perShard - 10_000 / shards) * shards / 200.0), releases.Max());
    }

    [Fact]
    public void A_run_released_at_once_puts_every_hand_off_out_at_its_start()
    {
        var started = new DateTimeOffset(2026, 12, 6, 2, 0, 0, TimeSpan.Zero);
        var release = new HandoffRelease(started, FirstOrdinal: 900, ShardCount: 2, new HandoffPacing(PerSecond: 10, Burst: 2_000));

        Assert.Equal(started, release.At(0));
        Assert.Equal(started, release.At(99));
        Assert.Equal(started.AddMilliseconds(200), release.At(100));
        Assert.Equal(DateTimeOffset.MinValue, HandoffRelease.Immediate.At(1_000_000));
    }

    [Theory]
    [InlineData(0, 10, 64, "Sweep:EnrollmentRate must be 0.01 to 100000 hand-offs per second (was 0)")]
    [InlineData(10, -1, 64, "Sweep:EnrollmentBurst must be 0 to 1000000 hand-offs (was -1)")]
    [InlineData(10, 10, 65, "Sweep:HandoffsPerMessage must be 1 to 64 (was 65)")]
    [InlineData(10, 10, 0, "Sweep:HandoffsPerMessage must be 1 to 64 (was 0)")]
    public void Pacing_outside_its_limits_is_refused_with_the_setting_named(double rate, int burst, int perMessage, string problem)
    {
        Assert.Equal([problem], new HandoffPacing(rate, burst, perMessage).Validate("Sweep"));
        Assert.Empty(new HandoffPacing().Validate("Sweep"));
    }
}
