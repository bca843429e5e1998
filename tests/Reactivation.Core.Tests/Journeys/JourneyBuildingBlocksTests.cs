using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Reactivation.Core.Journeys;
using Xunit;

namespace Reactivation.Core.Tests.Journeys;

/// <summary>The small pieces the step function leans on: windows, durations, retry policies, hashes and the holdout.</summary>
public sealed class JourneyBuildingBlocksTests
{
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    private static TimeWindow Window(string from, string to) => new(TimeOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture), TimeOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture));

    // ---- TimeWindow -----------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("09:00", "21:00", "09:00", true)]
    [InlineData("09:00", "21:00", "20:59", true)]
    [InlineData("09:00", "21:00", "21:00", false)]
    [InlineData("09:00", "21:00", "08:59", false)]
    [InlineData("22:00", "06:00", "23:30", true)]
    [InlineData("22:00", "06:00", "05:59", true)]
    [InlineData("22:00", "06:00", "06:00", false)]
    [InlineData("22:00", "06:00", "12:00", false)]
    public void A_window_contains_its_opening_but_not_its_closing_time(string from, string to, string local, bool inside) =>
        Assert.Equal(inside, Window(from, to).Contains(TimeOnly.Parse(local, System.Globalization.CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData("2026-01-05T02:00:00Z", "2026-01-05T02:00:00Z")] // 10:00 local: inside
    [InlineData("2026-01-04T23:00:00Z", "2026-01-05T01:00:00Z")] // 07:00 local: later that morning
    [InlineData("2026-01-05T13:00:00Z", "2026-01-06T01:00:00Z")] // 21:00 local: the next morning
    public void The_next_opening_in_shanghai_is_the_first_instant_inside_the_window(string instant, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), Window("09:00", "21:00").NextOpening(DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture), Shanghai));

    [Fact]
    public void An_overnight_window_opens_the_same_evening()
    {
        // 12:00 in Shanghai; the 22:00-06:00 window opens at 22:00 local, 14:00Z.
        var opening = Window("22:00", "06:00").NextOpening(new DateTimeOffset(2026, 1, 5, 4, 0, 0, TimeSpan.Zero), Shanghai);

        Assert.Equal(new DateTimeOffset(2026, 1, 5, 14, 0, 0, TimeSpan.Zero), opening);
    }

    [Fact]
    public void An_opening_in_the_spring_forward_gap_moves_to_the_first_valid_local_time()
    {
        // 8 March 2026 in New York: 02:00-03:00 local does not exist. From 00:00 EST (05:00Z), a window opening at 02:30
        // opens at 03:00 EDT, which is 07:00Z.
        var opening = Window("02:30", "04:00").NextOpening(new DateTimeOffset(2026, 3, 8, 5, 0, 0, TimeSpan.Zero), NewYork);

        Assert.Equal(new DateTimeOffset(2026, 3, 8, 7, 0, 0, TimeSpan.Zero), opening);
    }

    [Fact]
    public void At_the_autumn_clock_change_the_window_opens_at_the_first_occurrence_of_its_local_opening_time()
    {
        // Regression, fixed (TimeWindow.NextOpening); it used to go wrong like this: 1 November 2026 in New York, local 01:00-02:00 happens twice (EDT, then
        // EST). From 00:00 EDT (04:00Z), the first instant inside 01:30-03:00 is 01:30 EDT = 05:30Z, but GetUtcOffset on
        // the ambiguous local time picks the standard offset and the method returns 01:30 EST = 06:30Z, an hour late.
        var instant = new DateTimeOffset(2026, 11, 1, 4, 0, 0, TimeSpan.Zero);
        var window = Window("01:30", "03:00");
        Assert.True(window.Contains(TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(new DateTimeOffset(2026, 11, 1, 5, 30, 0, TimeSpan.Zero), NewYork).DateTime)));

        Assert.Equal(new DateTimeOffset(2026, 11, 1, 5, 30, 0, TimeSpan.Zero), window.NextOpening(instant, NewYork));
    }

    private static readonly TimeZoneInfo[] SteadyZones = [Shanghai, TimeZoneInfo.Utc, TimeZoneInfo.FindSystemTimeZoneById("Asia/Kolkata")];

    [Property(MaxTest = 300, QuietOnSuccess = true)]
    public Property The_next_opening_is_the_earliest_minute_inside_the_window_at_or_after_the_instant() =>
        Prop.ForAll(
            Arb.From(
                from minutes in Gen.Choose(0, 3 * 365 * 24 * 60)
                from fromMinute in Gen.Choose(0, 24 * 60 - 1)
                from toMinute in Gen.Choose(0, 24 * 60 - 1)
                from zone in Gen.Choose(0, SteadyZones.Length - 1)
                where fromMinute != toMinute
                select (Instant: new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(minutes),
                    Window: new TimeWindow(TimeOnly.MinValue.AddMinutes(fromMinute), TimeOnly.MinValue.AddMinutes(toMinute)),
                    Zone: SteadyZones[zone])),
            c =>
            {
                var opening = c.Window.NextOpening(c.Instant, c.Zone);
                bool Inside(DateTimeOffset at) => c.Window.Contains(TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, c.Zone).DateTime));

                Assert.InRange(opening, c.Instant, c.Instant.AddDays(1));
                Assert.True(Inside(opening), $"{opening} is not inside {c.Window}");
                Assert.True(opening == c.Instant || !Inside(opening.AddMinutes(-1)), $"{opening.AddMinutes(-1)} was already inside {c.Window}");
            });

    // ---- DurationText ---------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("7d", 7 * 24 * 60 * 60)]
    [InlineData("48h", 48 * 60 * 60)]
    [InlineData("1d12h", 36 * 60 * 60)]
    [InlineData("30m", 30 * 60)]
    [InlineData("90s", 90)]
    [InlineData("1h1h", 2 * 60 * 60)]
    [InlineData("0s", 0)]
    public void Durations_parse_as_authors_write_them(string text, int seconds)
    {
        Assert.True(DurationText.TryParse(text, out var duration, out var problem));
        Assert.Null(problem);
        Assert.Equal(TimeSpan.FromSeconds(seconds), duration);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("7")]
    [InlineData("d")]
    [InlineData("7w")]
    [InlineData("1d 2h")]
    [InlineData("-1d")]
    [InlineData("100001d")]
    [InlineData("99999999999999999999999d")]
    public void Bad_durations_are_refused_with_a_reason(string? text)
    {
        Assert.False(DurationText.TryParse(text, out _, out var problem));
        Assert.False(string.IsNullOrEmpty(problem));
    }

    [Fact]
    public void A_duration_too_long_for_a_time_span_is_refused_instead_of_throwing()
    {
        // Regression, fixed (DurationText.TryParse); it used to go wrong like this: each part is capped at 100000 but the
        // sum is not, so a long enough text overflows TimeSpan and the Try method throws OverflowException (which also
        // escapes JourneyJson.Parse, since it only catches JsonException).
        var text = string.Concat(Enumerable.Repeat("100000d", 120));

        var parsed = DurationText.TryParse(text, out _, out var problem);

        Assert.False(parsed);
        Assert.NotNull(problem);
    }

    [Property(MaxTest = 300, QuietOnSuccess = true)]
    public Property Formatting_a_whole_second_duration_and_parsing_it_back_gives_the_same_duration() =>
        Prop.ForAll(
            Arb.From(Gen.Choose(0, int.MaxValue).Select(s => TimeSpan.FromSeconds(s % (400L * 24 * 60 * 60)))),
            duration =>
            {
                Assert.True(DurationText.TryParse(DurationText.Format(duration), out var back, out _));
                Assert.Equal(duration, back);
            });

    [Theory]
    [InlineData(0, "0s")]
    [InlineData(90, "1m30s")]
    [InlineData(36 * 60 * 60, "1d12h")]
    [InlineData(7 * 24 * 60 * 60, "7d")]
    public void Durations_are_written_back_in_the_same_notation(int seconds, string text) =>
        Assert.Equal(text, DurationText.Format(TimeSpan.FromSeconds(seconds)));

    // ---- RetryPolicy ----------------------------------------------------------------------------------------------

    [Fact]
    public void The_default_retry_policy_waits_five_ten_and_twenty_minutes_then_gives_up()
    {
        var first = new DateTimeOffset(2026, 5, 4, 10, 0, 0, TimeSpan.Zero);
        var policy = RetryPolicy.Default;

        Assert.Equal(first.AddMinutes(5), policy.NextAttemptAt(1, first, first));
        Assert.Equal(first.AddMinutes(15), policy.NextAttemptAt(2, first, first.AddMinutes(5)));
        Assert.Equal(first.AddMinutes(35), policy.NextAttemptAt(3, first, first.AddMinutes(15)));
        Assert.Null(policy.NextAttemptAt(4, first, first.AddMinutes(35)));
    }

    [Fact]
    public void Retry_waits_are_capped_at_the_max_interval_and_stop_after_the_timeout()
    {
        var first = new DateTimeOffset(2026, 5, 4, 10, 0, 0, TimeSpan.Zero);
        var policy = new RetryPolicy(TimeSpan.FromMinutes(1), 10, TimeSpan.FromMinutes(7), 100, TimeSpan.FromHours(1));

        Assert.Equal(first.AddMinutes(1), policy.NextAttemptAt(1, first, first));
        Assert.Equal(first.AddMinutes(7), policy.NextAttemptAt(2, first, first));
        Assert.Equal(first.AddMinutes(7), policy.NextAttemptAt(50, first, first));
        Assert.Equal(first.AddMinutes(59 + 7), policy.NextAttemptAt(5, first, first.AddMinutes(59)));
        Assert.Null(policy.NextAttemptAt(5, first, first.AddHours(1)));
        Assert.Null(RetryPolicy.None.NextAttemptAt(1, first, first));
    }

    [Fact]
    public void The_built_in_retry_policies_are_valid()
    {
        Assert.Empty(RetryPolicy.Default.Validate());
        Assert.Empty(RetryPolicy.None.Validate());
        Assert.Equal(5, new RetryPolicy(TimeSpan.Zero, 0, TimeSpan.FromSeconds(-1), 101, TimeSpan.Zero).Validate().Count());
    }

    // ---- StableHash and Holdout -----------------------------------------------------------------------------------

    /// <summary>The documented algorithm, written out plainly: FNV-1a 64 over each UTF-8 part and a 0x1F separator, then an avalanche.</summary>
    private static ulong Reference(params string[] parts)
    {
        var hash = 14695981039346656037UL;
        foreach (var part in parts)
        {
            foreach (var b in Encoding.UTF8.GetBytes(part))
            {
                hash = (hash ^ b) * 1099511628211UL;
            }

            hash = (hash ^ 0x1F) * 1099511628211UL;
        }

        hash ^= hash >> 33;
        hash *= 0xff51afd7ed558ccdUL;
        hash ^= hash >> 33;
        return hash;
    }

    [Property(MaxTest = 300, QuietOnSuccess = true)]
    public Property The_stable_hash_matches_the_documented_algorithm_for_short_long_and_non_ascii_parts() =>
        Prop.ForAll(
            Arb.From(
                from a in Gen.Elements("", "user-1", "用户-七", new string('x', 255), new string('é', 200), new string('y', 1000))
                from b in ArbMap.Default.GeneratorFor<NonNull<string>>().Select(s => s.Get)
                select (A: a, B: b)),
            c => Assert.Equal(Reference(c.A, c.B, "split"), StableHash.Of(c.A, c.B, "split")));

    [Fact]
    public void The_stable_hash_separates_its_parts_and_never_changes()
    {
        Assert.NotEqual(StableHash.Of("ab", "c"), StableHash.Of("a", "bc"));
        Assert.Equal(StableHash.Of("user-1", "standard", "ab"), StableHash.Of("user-1", "standard", "ab"));
        Assert.All(Enumerable.Range(0, 1000), i => Assert.InRange(StableHash.BasisPoints($"u{i}"), 0, 9_999));
    }

    [Fact]
    public void The_holdout_takes_its_share_of_users_deterministically_and_the_salt_redraws_it()
    {
        var holdout = new Holdout(10, "2026-h1");
        var users = Enumerable.Range(0, 10_000).Select(i => $"user-{i}").ToArray();
        var held = users.Where(holdout.Contains).ToHashSet();

        Assert.InRange(held.Count, 900, 1_100);
        Assert.All(held, u => Assert.True(new Holdout(10, "2026-h1").Contains(u)));
        Assert.DoesNotContain(users, new Holdout(0, "2026-h1").Contains);
        var redrawn = users.Where(new Holdout(10, "2026-h2").Contains).ToHashSet();
        Assert.InRange(held.Intersect(redrawn).Count(), 50, 150);
    }
}
