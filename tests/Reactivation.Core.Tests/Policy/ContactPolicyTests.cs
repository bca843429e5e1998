using Reactivation.Core.Journeys;
using Reactivation.Core.Policy;
using Xunit;

namespace Reactivation.Core.Tests.Policy;

public sealed class ContactPolicyTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private static readonly ContactPolicyOptions Rules = new();

    // Wednesday 2026-11-25, 12:00 in Shanghai.
    private static readonly DateTimeOffset Noon = new(2026, 11, 25, 4, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_marketing_message_in_the_afternoon_with_no_history_is_allowed() =>
        Assert.Equal(PolicyVerdictKind.Allow, Decide().Kind);

    [Fact]
    public void A_third_marketing_message_within_seven_local_days_is_deferred_until_the_oldest_leaves_the_window()
    {
        var verdict = Decide(touches: [Touch(Noon.AddDays(-6)), Touch(Noon.AddDays(-2))]);

        Assert.Equal((PolicyVerdictKind.Defer, "frequencyCap"), (verdict.Kind, verdict.Rule));
        // The touch on Thursday the 19th leaves the window at local midnight on Thursday the 26th; quiet hours then hold it to 09:00.
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 1, 0, 0, TimeSpan.Zero), verdict.NotBefore);
    }

    [Fact]
    public void The_cap_counts_local_calendar_days_so_a_touch_seven_local_days_ago_no_longer_counts()
    {
        // 23:30 Shanghai on the 18th is the 18th locally (15:30 UTC): seven local days before the 25th, outside the window.
        var verdict = Decide(touches: [Touch(new DateTimeOffset(2026, 11, 18, 15, 30, 0, TimeSpan.Zero)), Touch(Noon.AddDays(-2))]);

        Assert.Equal(PolicyVerdictKind.Allow, verdict.Kind);
    }

    [Fact]
    public void The_same_instant_falls_on_different_local_days_for_users_in_different_zones()
    {
        // 17:00 UTC on the 18th is the 19th in Shanghai (inside the window) but still the 18th in New York (outside it).
        var touches = new[] { Touch(new DateTimeOffset(2026, 11, 18, 17, 0, 0, TimeSpan.Zero)), Touch(Noon.AddDays(-2)) };
        var newYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

        Assert.Equal(PolicyVerdictKind.Defer, Decide(touches: touches).Kind);
        Assert.Equal(PolicyVerdictKind.Allow, Decide(touches: touches, zone: newYork, now: new DateTimeOffset(2026, 11, 25, 17, 0, 0, TimeSpan.Zero)).Kind);
    }

    [Fact]
    public void The_send_being_judged_does_not_count_against_itself()
    {
        var verdict = Decide(touches: [Touch(Noon.AddDays(-3)), Touch(Noon.AddMinutes(-1), key: "this-send")]);

        Assert.Equal(PolicyVerdictKind.Allow, verdict.Kind);
    }

    [Fact]
    public void A_second_marketing_message_on_the_same_local_day_waits_for_tomorrow_morning()
    {
        var verdict = Decide(touches: [Touch(Noon.AddHours(-2))]);

        Assert.Equal(PolicyVerdictKind.Defer, verdict.Kind);
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 1, 0, 0, TimeSpan.Zero), verdict.NotBefore);
    }

    [Fact]
    public void A_channel_cap_tighter_than_the_overall_cap_defers_that_channel_only()
    {
        var rules = Rules with { MaxPerChannel = new Dictionary<Channel, int> { [Channel.Sms] = 1 } };
        var touches = new[] { Touch(Noon.AddDays(-3), Channel.Sms) };

        Assert.Equal(PolicyVerdictKind.Defer, Decide(touches: touches, rules: rules).Kind);
        Assert.Equal(PolicyVerdictKind.Allow, Decide(touches: touches, rules: rules, channel: Channel.Email).Kind);
    }

    [Theory]
    [InlineData(21, 0, true)]
    [InlineData(23, 59, true)]
    [InlineData(3, 0, true)]
    [InlineData(8, 59, true)]
    [InlineData(9, 0, false)]
    [InlineData(20, 59, false)]
    public void Marketing_in_quiet_hours_is_deferred_to_nine_the_next_local_morning(int hour, int minute, bool deferred)
    {
        var now = new DateTimeOffset(2026, 11, 25, hour, minute, 0, TimeSpan.FromHours(8));

        var verdict = Decide(now: now);

        Assert.Equal(deferred ? PolicyVerdictKind.Defer : PolicyVerdictKind.Allow, verdict.Kind);
        if (deferred)
        {
            Assert.Equal("quietHours", verdict.Rule);
            Assert.Equal(new TimeOnly(9, 0), TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(verdict.NotBefore!.Value, Shanghai).DateTime));
            Assert.True(verdict.NotBefore > now && verdict.NotBefore - now <= TimeSpan.FromHours(12));
        }
    }

    [Fact]
    public void A_message_class_set_to_drop_in_quiet_hours_is_dropped_and_one_set_to_send_goes()
    {
        var night = new DateTimeOffset(2026, 11, 25, 22, 0, 0, TimeSpan.FromHours(8));

        Assert.Equal((PolicyVerdictKind.Drop, "quietHours"), Pair(Decide(now: night, rules: Rules with { MarketingInQuietHours = QuietHoursAction.Drop })));
        Assert.Equal(PolicyVerdictKind.Allow, Decide(now: night, purpose: TemplatePurpose.Service, rules: Rules with { ServiceInQuietHours = QuietHoursAction.Send }).Kind);
        Assert.Equal(PolicyVerdictKind.Defer, Decide(now: night, purpose: TemplatePurpose.Service).Kind);
    }

    [Fact]
    public void An_opt_out_drops_the_message_and_names_its_source_and_evidence()
    {
        var verdict = Decide(consent: [new ConsentFlag(Channel.Sms, TemplatePurpose.Marketing, ConsentState.OptedOut, "smsKeyword", "退订", Noon.AddDays(-1))]);

        Assert.Equal((PolicyVerdictKind.Drop, "consent"), Pair(verdict));
        Assert.Contains("退订", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_newest_consent_flag_wins()
    {
        var flags = new[]
        {
            new ConsentFlag(Channel.Sms, TemplatePurpose.Marketing, ConsentState.OptedOut, "smsKeyword", "STOP", Noon.AddDays(-3)),
            new ConsentFlag(Channel.Sms, TemplatePurpose.Marketing, ConsentState.OptedIn, "smsKeyword", "START", Noon.AddDays(-1)),
        };

        Assert.Equal(PolicyVerdictKind.Allow, Decide(consent: flags).Kind);
    }

    [Fact]
    public void An_email_opt_out_does_not_stop_sms()
    {
        var flags = new[] { new ConsentFlag(Channel.Email, TemplatePurpose.Marketing, ConsentState.OptedOut, "api", null, Noon.AddDays(-1)) };

        Assert.Equal(PolicyVerdictKind.Allow, Decide(consent: flags).Kind);
        Assert.Equal(PolicyVerdictKind.Drop, Decide(consent: flags, channel: Channel.Email).Kind);
    }

    [Fact]
    public void A_region_that_needs_opt_in_drops_marketing_without_one_but_not_service()
    {
        var rules = Rules with { MarketingNeedsOptIn = true };

        Assert.Equal((PolicyVerdictKind.Drop, "consent"), Pair(Decide(rules: rules)));
        Assert.Equal(PolicyVerdictKind.Allow, Decide(rules: rules, purpose: TemplatePurpose.Service).Kind);
        Assert.Equal(
            PolicyVerdictKind.Allow,
            Decide(rules: rules, consent: [new ConsentFlag(Channel.Sms, TemplatePurpose.Marketing, ConsentState.OptedIn, "api", "v3", Noon.AddDays(-9))]).Kind);
    }

    [Fact]
    public void A_complaint_stops_marketing_at_once_but_not_service_messages()
    {
        Assert.Equal((PolicyVerdictKind.Stop, "complaint"), Pair(Decide(complainedAt: Noon.AddMinutes(-5))));
        Assert.Equal(PolicyVerdictKind.Allow, Decide(complainedAt: Noon.AddMinutes(-5), purpose: TemplatePurpose.Service).Kind);
    }

    [Fact]
    public void An_opt_in_after_a_complaint_lifts_the_suppression()
    {
        var flags = new[] { new ConsentFlag(Channel.Sms, TemplatePurpose.Marketing, ConsentState.OptedIn, "preference-page", "v2", Noon.AddDays(-1)) };

        Assert.Equal(PolicyVerdictKind.Allow, Decide(complainedAt: Noon.AddDays(-20), consent: flags).Kind);
        Assert.Equal(PolicyVerdictKind.Stop, Decide(complainedAt: Noon.AddHours(-1), consent: flags).Kind);
    }

    [Fact]
    public void Three_unanswered_touches_stop_the_journey_for_fatigue()
    {
        var touches = new[] { Touch(Noon.AddDays(-20)), Touch(Noon.AddDays(-13)), Touch(Noon.AddDays(-8)) };

        Assert.Equal((PolicyVerdictKind.Stop, "fatigue"), Pair(Decide(touches: touches)));
    }

    [Fact]
    public void An_answer_after_the_touches_resets_the_fatigue_count()
    {
        var touches = new[] { Touch(Noon.AddDays(-20)), Touch(Noon.AddDays(-13)), Touch(Noon.AddDays(-8)) };

        Assert.Equal(PolicyVerdictKind.Allow, Decide(touches: touches, engagedAt: Noon.AddDays(-9)).Kind);
        Assert.Equal(PolicyVerdictKind.Stop, Decide(touches: touches, engagedAt: Noon.AddDays(-21)).Kind);
    }

    [Fact]
    public void A_fatigued_user_gets_one_marketing_message_once_the_low_frequency_interval_has_passed()
    {
        var touches = new[] { Touch(Noon.AddDays(-60)), Touch(Noon.AddDays(-50)), Touch(Noon.AddDays(-31)) };

        Assert.Equal(PolicyVerdictKind.Allow, Decide(touches: touches).Kind);
    }

    [Fact]
    public void Drops_come_before_deferrals_so_a_message_never_allowed_is_not_put_off_first()
    {
        var night = new DateTimeOffset(2026, 11, 25, 23, 0, 0, TimeSpan.FromHours(8));

        Assert.Equal(PolicyVerdictKind.Drop, Decide(now: night, consent: [new ConsentFlag(Channel.Sms, TemplatePurpose.Marketing, ConsentState.OptedOut, "api", null, Noon.AddDays(-1))]).Kind);
    }

    [Fact]
    public void A_deferral_past_midnight_on_a_day_whose_midnight_is_skipped_lands_on_a_real_local_time()
    {
        // Chile skipped midnight on 2026-09-06 (clocks went from 00:00 to 01:00).
        var santiago = TimeZoneInfo.FindSystemTimeZoneById("America/Santiago");
        var start = LocalCalendar.StartOf(new DateOnly(2026, 9, 6), santiago);

        Assert.False(santiago.IsInvalidTime(TimeZoneInfo.ConvertTime(start, santiago).DateTime));
        Assert.Equal(new DateOnly(2026, 9, 6), LocalCalendar.DateOf(start, santiago));
    }

    [Fact]
    public void Settings_out_of_range_are_reported_by_name()
    {
        var problems = (Rules with { MaxMarketingPerWindow = 0, CapWindowDays = 0, FatigueAfter = 0, MaxPerChannel = new Dictionary<Channel, int> { [Channel.Sms] = 0 } }).Problems().ToList();

        Assert.Equal(4, problems.Count);
        Assert.Contains(problems, p => p.Contains("MaxPerChannel:Sms", StringComparison.Ordinal));
    }

    private static (PolicyVerdictKind, string?) Pair(PolicyVerdict verdict) => (verdict.Kind, verdict.Rule);

    private static ContactTouch Touch(DateTimeOffset at, Channel channel = Channel.Sms, string? key = null) =>
        new(key ?? $"k{at.UtcTicks}", channel, at);

    private static PolicyVerdict Decide(
        DateTimeOffset? now = null,
        IReadOnlyList<ContactTouch>? touches = null,
        IReadOnlyList<ConsentFlag>? consent = null,
        Channel channel = Channel.Sms,
        TemplatePurpose purpose = TemplatePurpose.Marketing,
        DateTimeOffset? engagedAt = null,
        DateTimeOffset? complainedAt = null,
        TimeZoneInfo? zone = null,
        ContactPolicyOptions? rules = null) =>
        ContactPolicy.Decide(
            new PolicyRequest("this-send", channel, purpose, now ?? Noon, zone ?? Shanghai, consent ?? [], touches ?? [], engagedAt, complainedAt),
            rules ?? Rules);
}
