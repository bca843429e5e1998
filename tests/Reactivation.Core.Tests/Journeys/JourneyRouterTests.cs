using Reactivation.Core.Journeys;
using Reactivation.Core.Silence;
using Reactivation.Core.Sweeps;
using Xunit;
using static Reactivation.Core.Tests.Journeys.Kit;

namespace Reactivation.Core.Tests.Journeys;

public sealed class JourneyRouterTests
{
    private static readonly DateOnly SweepDate = new(2026, 5, 4);
    private static readonly DateTimeOffset Now = new(2026, 5, 4, 3, 0, 0, TimeSpan.Zero);

    private static EnrollmentHandoff Handoff(
        HandoffReason reason = HandoffReason.BecameSilent,
        DormancyBand band = DormancyBand.UpTo3Months,
        ValueTier tier = ValueTier.Mid,
        SilenceCause cause = SilenceCause.NaturalDecline,
        DateOnly? date = null) => new()
        {
            HandoffId = EnrollmentHandoff.IdFor(date ?? SweepDate, UserId),
            SweepDate = date ?? SweepDate,
            AsOf = Now,
            UserId = UserId,
            Reason = reason,
            Band = band,
            PreviousBand = DormancyBand.Active,
            Tier = tier,
            Cause = cause,
            EarlyWarning = reason == HandoffReason.EarlyWarning,
            DaysSilent = 40,
        };

    private static JourneyDefinition Journey(string id, int priority, EntryRule? entry = null, int cooldownDays = 30, bool enabled = true) =>
        Definition(Exit("end", JourneyOutcome.Lost)) with { Id = id, Priority = priority, Entry = entry ?? new EntryRule(), CooldownDays = cooldownDays, Enabled = enabled };

    private static readonly JourneyMembership Newcomer = JourneyMembership.New(UserId);

    [Fact]
    public void The_highest_priority_journey_that_takes_the_hand_off_wins()
    {
        var journeys = new[] { Journey("low", 10), Journey("high", 90), Journey("mid", 50) };

        var choice = JourneyRouter.Choose(journeys, Handoff(), Newcomer, Now);

        Assert.Equal("high", choice.Journey?.Id);
        Assert.Contains("high (priority 90)", choice.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Equal_priorities_are_broken_by_id()
    {
        var choice = JourneyRouter.Choose([Journey("zeta", 10), Journey("alpha", 10), Journey("mu", 10)], Handoff(), Newcomer, Now);

        Assert.Equal("alpha", choice.Journey?.Id);
    }

    [Fact]
    public void A_journey_whose_entry_rule_does_not_match_is_passed_over_whatever_its_priority()
    {
        var journeys = new[]
        {
            Journey("vip", 100, new EntryRule { Tiers = [ValueTier.High] }),
            Journey("deep", 90, new EntryRule { Bands = [DormancyBand.Over12Months] }),
            Journey("forgot", 80, new EntryRule { Causes = [SilenceCause.ForgottenAccount] }),
            Journey("warned", 70, new EntryRule { Reasons = [HandoffReason.EarlyWarning] }),
            Journey("catch-all", 1),
        };

        Assert.Equal("catch-all", JourneyRouter.Choose(journeys, Handoff(), Newcomer, Now).Journey?.Id);
        Assert.Equal("vip", JourneyRouter.Choose(journeys, Handoff(tier: ValueTier.High, band: DormancyBand.Over12Months), Newcomer, Now).Journey?.Id);
        Assert.Equal("deep", JourneyRouter.Choose(journeys, Handoff(band: DormancyBand.Over12Months), Newcomer, Now).Journey?.Id);
        Assert.Equal("forgot", JourneyRouter.Choose(journeys, Handoff(cause: SilenceCause.ForgottenAccount), Newcomer, Now).Journey?.Id);
        Assert.Equal("warned", JourneyRouter.Choose(journeys, Handoff(reason: HandoffReason.EarlyWarning), Newcomer, Now).Journey?.Id);
    }

    [Fact]
    public void Every_list_in_an_entry_rule_must_contain_the_hand_off_value()
    {
        var rule = new EntryRule { Reasons = [HandoffReason.BecameSilent], Bands = [DormancyBand.UpTo3Months], Tiers = [ValueTier.Mid, ValueTier.Low] };

        Assert.True(rule.Matches(Handoff()));
        Assert.False(rule.Matches(Handoff(reason: HandoffReason.MovedDeeper)));
        Assert.False(rule.Matches(Handoff(band: DormancyBand.From3To6Months)));
        Assert.False(rule.Matches(Handoff(tier: ValueTier.High)));
        Assert.True(new EntryRule().Matches(Handoff(reason: HandoffReason.EarlyWarning, tier: ValueTier.High)));
    }

    [Fact]
    public void A_disabled_journey_takes_no_one()
    {
        var choice = JourneyRouter.Choose([Journey("off", 100, enabled: false), Journey("on", 1)], Handoff(), Newcomer, Now);

        Assert.Equal("on", choice.Journey?.Id);
    }

    [Fact]
    public void When_no_journey_takes_the_hand_off_the_choice_is_empty_and_says_why()
    {
        var choice = JourneyRouter.Choose([Journey("vip", 100, new EntryRule { Tiers = [ValueTier.High] })], Handoff(), Newcomer, Now);

        Assert.Null(choice.Journey);
        Assert.Equal("no journey takes BecameSilent / UpTo3Months / Mid / NaturalDecline", choice.Reason);
    }

    [Fact]
    public void A_user_whose_last_journey_ended_within_the_cooldown_is_not_enrolled()
    {
        var member = Newcomer with { Runs = 1, LastEndedAt = Now.AddDays(-29) };

        var choice = JourneyRouter.Choose([Journey("standard", 10, cooldownDays: 30)], Handoff(), member, Now);

        Assert.Null(choice.Journey);
        Assert.Contains("30-day cooldown", choice.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(30)]
    [InlineData(31)]
    public void A_user_whose_cooldown_has_run_out_is_enrolled(int daysAgo)
    {
        var member = Newcomer with { Runs = 1, LastEndedAt = Now.AddDays(-daysAgo) };

        var choice = JourneyRouter.Choose([Journey("standard", 10, cooldownDays: 30)], Handoff(), member, Now);

        Assert.Equal("standard", choice.Journey?.Id);
    }

    [Fact]
    public void The_cooldown_is_the_chosen_journeys_own()
    {
        var member = Newcomer with { Runs = 1, LastEndedAt = Now.AddDays(-20) };

        Assert.Equal("care", JourneyRouter.Choose([Journey("care", 10, cooldownDays: 14)], Handoff(), member, Now).Journey?.Id);
        Assert.Null(JourneyRouter.Choose([Journey("gift", 10, cooldownDays: 60)], Handoff(), member, Now).Journey);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void A_repeated_or_older_hand_off_is_ignored(int daysOlder)
    {
        var member = Newcomer with { LastHandoffDate = SweepDate };

        var choice = JourneyRouter.Choose([Journey("standard", 10)], Handoff(date: SweepDate.AddDays(-daysOlder)), member, Now);

        Assert.Null(choice.Journey);
        Assert.Contains("is not newer than the last one processed (2026-05-04)", choice.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_newer_hand_off_is_taken()
    {
        var member = Newcomer with { LastHandoffDate = SweepDate.AddDays(-1) };

        Assert.Equal("standard", JourneyRouter.Choose([Journey("standard", 10)], Handoff(), member, Now).Journey?.Id);
    }

    [Fact]
    public void A_user_already_in_a_journey_is_not_enrolled_again()
    {
        var member = Newcomer with { ActiveInstanceId = "standard~user-1~1", Runs = 1 };

        var choice = JourneyRouter.Choose([Journey("standard", 10)], Handoff(), member, Now);

        Assert.Null(choice.Journey);
        Assert.Equal("the user is already in standard~user-1~1", choice.Reason);
    }

    [Fact]
    public void The_default_journeys_route_hand_offs_as_designed()
    {
        var journeys = DefaultJourneyFiles().Select(f => LoadDefaultJourney(Path.GetFileNameWithoutExtension(f))).ToList();
        string? Route(EnrollmentHandoff handoff) => JourneyRouter.Choose(journeys, handoff, Newcomer, Now).Journey?.Id;

        Assert.Equal("standard", Route(Handoff()));
        Assert.Equal("high-value", Route(Handoff(tier: ValueTier.High, cause: SilenceCause.ForgottenAccount)));
        Assert.Equal("forgotten-account", Route(Handoff(band: DormancyBand.From3To6Months, cause: SilenceCause.ForgottenAccount)));
        Assert.Equal("coupon-3-6m", Route(Handoff(reason: HandoffReason.MovedDeeper, band: DormancyBand.From3To6Months)));
        Assert.Equal("coupon-6-12m", Route(Handoff(reason: HandoffReason.MovedDeeper, band: DormancyBand.From6To12Months)));
        Assert.Equal("gift-pack-12m", Route(Handoff(band: DormancyBand.Over12Months)));
        Assert.Equal("early-warning-care", Route(Handoff(reason: HandoffReason.EarlyWarning, band: DormancyBand.Active, cause: SilenceCause.None)));
    }
}
