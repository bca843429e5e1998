using Reactivation.Core.Journeys;
using Reactivation.Core.Policy;
using Xunit;

namespace Reactivation.Core.Tests.Policy;

public sealed class ComplianceProfilesTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private static readonly ContactPolicyOptions Rules = new();

    // Wednesday 2026-11-25, 12:00 in Shanghai: nothing but consent stands in the way.
    private static readonly DateTimeOffset Noon = new(2026, 11, 25, 4, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(Channel.Sms)]
    [InlineData(Channel.Email)]
    public void A_user_in_china_without_an_opt_in_gets_no_marketing_and_the_reason_names_the_profile(Channel channel)
    {
        var verdict = Decide("CN", channel);

        Assert.Equal((PolicyVerdictKind.Drop, "consent"), (verdict.Kind, verdict.Rule));
        Assert.Equal($"no marketing opt-in for {channel.ToString().ToLowerInvariant()} (profile CN)", verdict.Reason);
    }

    [Fact]
    public void A_user_in_the_us_needs_an_opt_in_for_marketing_sms_but_not_for_marketing_email()
    {
        Assert.Equal("no marketing opt-in for sms (profile US)", Decide("US", Channel.Sms).Reason);
        Assert.Equal(PolicyVerdictKind.Allow, Decide("US", Channel.Email).Kind);
    }

    [Theory]
    [InlineData("DE")]
    [InlineData("FR")]
    [InlineData("GR")]
    [InlineData("ie")]
    public void Users_in_eu_member_states_take_the_eu_profile_whatever_the_case_of_the_code(string region)
    {
        Assert.Equal("no marketing opt-in for email (profile EU)", Decide(region, Channel.Email).Reason);
        Assert.Equal("EU", Rules.ProfileFor(region).Name);
    }

    [Theory]
    [InlineData("GB")]
    [InlineData("JP")]
    [InlineData(null)]
    public void A_region_no_profile_covers_follows_the_default_profile(string? region)
    {
        Assert.Equal(PolicyVerdictKind.Allow, Decide(region, Channel.Sms).Kind);
        Assert.Equal("no marketing opt-in for sms (profile default)", Decide(region, Channel.Sms, rules: Rules with { MarketingNeedsOptIn = true }).Reason);
    }

    [Fact]
    public void A_recorded_opt_in_lets_marketing_through_in_a_strict_region_and_an_opt_out_still_wins_over_a_lenient_one()
    {
        var optIn = new ConsentFlag(Channel.Sms, TemplatePurpose.Marketing, ConsentState.OptedIn, "preferencePage", "privacy-v3", Noon.AddDays(-3));
        var optOut = optIn with { State = ConsentState.OptedOut };

        Assert.Equal(PolicyVerdictKind.Allow, Decide("CN", Channel.Sms, [optIn]).Kind);
        Assert.Equal(PolicyVerdictKind.Drop, Decide("JP", Channel.Sms, [optOut]).Kind);
    }

    [Fact]
    public void Service_messages_need_no_opt_in_in_any_profile()
    {
        Assert.Equal(PolicyVerdictKind.Allow, Decide("CN", Channel.Sms, purpose: TemplatePurpose.Service).Kind);
    }

    [Fact]
    public void A_profile_replaces_the_default_for_its_regions_so_a_us_email_goes_even_when_the_default_needs_opt_in()
    {
        Assert.Equal(PolicyVerdictKind.Allow, Decide("US", Channel.Email, rules: Rules with { MarketingNeedsOptIn = true }).Kind);
    }

    [Fact]
    public void Configured_profiles_replace_the_seeds_and_a_copy_with_other_regions_does_not_keep_the_old_lookup()
    {
        _ = Rules.ProfileFor("CN");
        var rules = Rules with
        {
            Regions = new Dictionary<string, ComplianceProfileOptions?> { ["CN"] = new() { OptIn = "none" }, ["APAC"] = new() { Covers = "JP, kr", OptIn = "email" } },
        };

        Assert.Equal(PolicyVerdictKind.Allow, Decide("CN", Channel.Sms, rules: rules).Kind);
        Assert.Equal("no marketing opt-in for email (profile APAC)", Decide("KR", Channel.Email, rules: rules).Reason);
        Assert.Equal(ComplianceProfile.DefaultName, rules.ProfileFor("DE").Name);
        Assert.Empty(rules.Problems());
    }

    [Fact]
    public void The_seed_profiles_are_valid()
    {
        Assert.Empty(new ContactPolicyOptions().Problems());
        Assert.Equal(27, ComplianceDefaults.EuMembers.Split(',').Distinct().Count());
    }

    [Fact]
    public void Unknown_channels_bad_codes_and_a_region_covered_twice_are_each_named()
    {
        var rules = Rules with
        {
            Regions = new Dictionary<string, ComplianceProfileOptions?>
            {
                ["EU"] = new() { Covers = ComplianceDefaults.EuMembers, OptIn = "sms,fax" },
                ["DE"] = new() { OptIn = "email" },
                ["Nordics"] = new() { Covers = "NO,Iceland", OptIn = "SMS" },
            },
        };

        Assert.Equal(
            [
                "Policy:Regions:EU:Covers: region DE is already covered by profile DE; a region may have one profile",
                "Policy:Regions:EU:OptIn: 'fax' is not a channel (sms, email or webhook)",
                "Policy:Regions:Nordics:Covers: 'ICELAND' is not a two-letter region code (ISO 3166)",
            ],
            rules.Problems().Order(StringComparer.Ordinal));
    }

    private static PolicyVerdict Decide(
        string? region, Channel channel, IReadOnlyList<ConsentFlag>? consent = null, TemplatePurpose purpose = TemplatePurpose.Marketing, ContactPolicyOptions? rules = null) =>
        ContactPolicy.Decide(new PolicyRequest("this-send", channel, purpose, Noon, Shanghai, consent ?? [], [], null, null, region), rules ?? Rules);
}
