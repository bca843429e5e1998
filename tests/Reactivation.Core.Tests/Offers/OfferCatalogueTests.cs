using Reactivation.Core.Offers;
using Xunit;

namespace Reactivation.Core.Tests.Offers;

public sealed class OfferCatalogueTests
{
    private const string Source = "offers.json";

    /// <summary>A catalogue with every kind of offer and no mistakes.</summary>
    private const string Valid = """
        {
          // comments and trailing commas are allowed, as in journey files
          "campaigns": [
            { "id": "winback", "budget": 2000, "perUserCeiling": 100, "description": "coupons" },
            { "id": "vip", "budget": 500.50, "perUserCeiling": 40 },
          ],
          "offers": [
            { "id": "coupon-20", "kind": "noThresholdCoupon", "name": { "zh-CN": "20元无门槛券", "en-US": "20 off" }, "value": 20, "validFor": "7d", "campaign": "winback", "codePrefix": "R20" },
            { "id": "off-50", "kind": "thresholdCoupon", "name": { "zh-CN": "满199减50" }, "value": 50, "threshold": 199, "validFor": "7d", "campaign": "winback", "codePrefix": "M50" },
            { "id": "gift", "kind": "giftPack", "name": { "en-US": "Gift pack" }, "value": 100, "cost": 60, "validFor": "1d12h", "campaign": "winback", "codePrefix": "G100" },
            { "id": "upgrade", "kind": "tierUpgrade", "name": { "zh-CN": "会员等级临时提升" }, "value": 0, "cost": 15, "validFor": "30d", "campaign": "vip", "codePrefix": "UPG" },
            { "id": "trial", "kind": "productTrial", "name": { "zh-CN": "专属新品试用权" }, "value": 0, "cost": 25.5, "validFor": "14d", "campaign": "vip", "codePrefix": "TRY" }
          ]
        }
        """;

    private static IReadOnlyList<CatalogueProblem> Problems(string json)
    {
        var (catalogue, problems) = OfferCatalogue.Parse(json, Source);
        Assert.Null(catalogue);
        Assert.NotEmpty(problems);
        Assert.All(problems, p => Assert.Equal(Source, p.Source));
        return problems;
    }

    private static string OneOffer(string offer, string campaign = """{ "id": "winback", "budget": 2000, "perUserCeiling": 100 }""") =>
        $$"""{ "campaigns": [ {{campaign}} ], "offers": [ {{offer}} ] }""";

    private static string Locations(IEnumerable<CatalogueProblem> problems) => string.Join(" | ", problems.Select(p => p.ToString()));

    [Fact]
    public void A_catalogue_with_every_kind_of_offer_parses_and_finds_offers_and_campaigns_by_id()
    {
        var (catalogue, problems) = OfferCatalogue.Parse(Valid, Source);

        Assert.Empty(problems);
        Assert.NotNull(catalogue);
        Assert.Equal(["coupon-20", "off-50", "gift", "upgrade", "trial"], catalogue.Offers.Select(o => o.Id));
        Assert.Equal(
            [OfferKind.NoThresholdCoupon, OfferKind.ThresholdCoupon, OfferKind.GiftPack, OfferKind.TierUpgrade, OfferKind.ProductTrial],
            catalogue.Offers.Select(o => o.Kind));
        var offer = catalogue.FindOffer("off-50")!;
        Assert.Equal(50m, offer.Value);
        Assert.Equal(199m, offer.Threshold);
        Assert.Equal(TimeSpan.FromDays(7), offer.ValidFor);
        Assert.Equal("M50", offer.CodePrefix);
        Assert.Equal(new Campaign("vip", 500.50m, 40), catalogue.FindCampaign("vip"));
        Assert.Equal("coupons", catalogue.FindCampaign("winback")!.Description);
        Assert.Null(catalogue.FindOffer("nope"));
        Assert.Null(catalogue.FindCampaign("nope"));
        Assert.True(catalogue.Contains("trial"));
    }

    [Fact]
    public void A_coupons_cost_defaults_to_its_face_value_and_a_stated_cost_wins()
    {
        var catalogue = OfferCatalogue.Parse(Valid, Source).Catalogue!;

        Assert.Equal(20m, catalogue.FindOffer("coupon-20")!.Cost);
        Assert.Equal(60m, catalogue.FindOffer("gift")!.Cost);
        Assert.Equal(25.5m, catalogue.FindOffer("trial")!.Cost);
        Assert.Equal(TimeSpan.FromHours(36), catalogue.FindOffer("gift")!.ValidFor);
    }

    [Fact]
    public void Every_problem_in_a_catalogue_is_reported_at_once_with_its_path()
    {
        const string json = """
            {
              "campaigns": [
                { "id": "winback", "budget": "lots", "perUserCeiling": 100, "colour": "red" },
                { "id": "vip", "budget": 100, "perUserCeiling": 30, "budget": 200 }
              ],
              "offers": [
                { "id": "coupon-20", "kind": "noThresholdCoupon", "name": { "zh-CN": "20元" }, "value": 20, "threshold": 100, "validFor": "7d", "campaign": "winback", "codePrefix": "R20" },
                { "id": "c2", "kind": "noThresholdCoupon", "name": { "zh-CN": "x" }, "value": 20, "validFor": "7 days", "campaign": "nowhere", "codePrefix": "R21" },
                { "id": "c3", "kind": "noThresholdCoupon", "name": { "zh-CN": "x" }, "value": 20, "validFor": "7d", "campaign": "vip", "codePrefix": "R22" },
                { "id": "c3", "kind": "noThresholdCoupon", "name": { "zh-CN": "x" }, "value": 20, "validFor": "7d", "campaign": "vip", "codePrefix": "R23" }
              ]
            }
            """;

        var problems = Problems(json);

        var text = Locations(problems);
        Assert.Contains(problems, p => p.Location == "$.campaigns[0] (winback).budget" && p.Message == "must be a number, not a string");
        Assert.Contains(problems, p => p.Location == "$.campaigns[0] (winback).colour" && p.Message.StartsWith("unknown property", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Location == "$.campaigns[1] (vip).budget" && p.Message == "appears more than once");
        Assert.Contains(problems, p => p.Location == "$.offers[0] (coupon-20).threshold" && p.Message.Contains("only a thresholdCoupon", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Location == "$.offers[1] (c2).validFor" && p.Message.StartsWith("duration '7 days' is not a duration", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Location == "$.offers[1] (c2).campaign" && p.Message == "unknown campaign 'nowhere'");
        Assert.Contains(problems, p => p.Location == "$.offers[3] (c3).id" && p.Message == "offer id 'c3' is already used by $.offers[2]");

        // A campaign with a bad budget still exists, so its offers are not also said to name an unknown campaign.
        Assert.True(problems.Count == 7, text);
    }

    [Fact]
    public void An_offer_naming_a_campaign_the_catalogue_lacks_is_reported()
    {
        var problem = Assert.Single(Problems(OneOffer(
            """{ "id": "c", "kind": "noThresholdCoupon", "name": { "zh-CN": "x" }, "value": 20, "validFor": "7d", "campaign": "nowhere", "codePrefix": "R20" }""")));

        Assert.Equal("$.offers[0] (c).campaign", problem.Location);
        Assert.Equal("unknown campaign 'nowhere'", problem.Message);
        Assert.Equal("offers.json: $.offers[0] (c).campaign: unknown campaign 'nowhere'", problem.ToString());
    }

    [Fact]
    public void Broken_json_is_reported_with_its_line()
    {
        var problem = Assert.Single(Problems("{\n  \"campaigns\": [],\n  \"offers\": [ { \"id\": } ]\n}"));

        Assert.Equal(3, problem.Line);
        Assert.StartsWith("offers.json:3:", problem.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "id": "c", "kind": "thresholdCoupon", "name": { "zh-CN": "x" }, "value": 50, "validFor": "7d", "campaign": "winback", "codePrefix": "M50" }""",
        "threshold", "a thresholdCoupon needs the minimum spend it applies from")]
    [InlineData("""{ "id": "c", "kind": "thresholdCoupon", "name": { "zh-CN": "x" }, "value": 50, "threshold": 50, "validFor": "7d", "campaign": "winback", "codePrefix": "M50" }""",
        "threshold", "the minimum spend 50 must be above the coupon's value 50")]
    [InlineData("""{ "id": "c", "kind": "tierUpgrade", "name": { "zh-CN": "x" }, "value": 0, "validFor": "30d", "campaign": "winback", "codePrefix": "UPG" }""",
        "cost", "a tierUpgrade needs the unit cost one issuance charges the budget")]
    [InlineData("""{ "id": "c", "kind": "giftPack", "name": { "zh-CN": "x" }, "value": 0, "validFor": "7d", "campaign": "winback", "codePrefix": "G" }""",
        "value", "a giftPack needs a face value above 0")]
    [InlineData("""{ "id": "c", "kind": "giftPack", "name": { "zh-CN": "x" }, "value": 150, "validFor": "7d", "campaign": "winback", "codePrefix": "G" }""",
        "cost", "150 is above campaign winback's per-user ceiling of 100, so the offer could never be issued")]
    [InlineData("""{ "id": "c", "kind": "noThresholdCoupon", "name": { "zh-CN": "x" }, "value": 19.999, "validFor": "7d", "campaign": "winback", "codePrefix": "R20" }""",
        "value", "19.999 has more than 2 decimal places (amounts are in yuan and fen)")]
    [InlineData("""{ "id": "c", "kind": "noThresholdCoupon", "name": { "zh-CN": "x" }, "value": -20, "validFor": "7d", "campaign": "winback", "codePrefix": "R20" }""",
        "value", "-20 is negative")]
    [InlineData("""{ "id": "c", "kind": "noThresholdCoupon", "name": { "zh-CN": "x" }, "value": 1e400, "validFor": "7d", "campaign": "winback", "codePrefix": "R20" }""",
        "value", "1e400 is not an amount (out of range)")]
    [InlineData("""{ "id": "c", "kind": "noThresholdCoupon", "name": { "zh-CN": "x" }, "value": 20, "validFor": "0s", "campaign": "winback", "codePrefix": "R20" }""",
        "validFor", "must be longer than zero")]
    [InlineData("""{ "id": "c", "kind": "coupon", "name": { "zh-CN": "x" }, "value": 20, "validFor": "7d", "campaign": "winback", "codePrefix": "R20" }""",
        "kind", "'coupon' is not an offer kind; use noThresholdCoupon, thresholdCoupon, giftPack, tierUpgrade, productTrial")]
    [InlineData("""{ "id": "c", "kind": "noThresholdCoupon", "name": { "zh-CN": "x" }, "value": 20, "validFor": "7d", "campaign": "winback", "codePrefix": "r-20" }""",
        "codePrefix", "'r-20' is not a code prefix: use 1 to 8 capital letters and digits")]
    [InlineData("""{ "id": "c", "kind": "noThresholdCoupon", "name": { }, "value": 20, "validFor": "7d", "campaign": "winback", "codePrefix": "R20" }""",
        "name", "needs a display name in at least one locale, for example {\"zh-CN\": \"...\"}")]
    [InlineData("""{ "id": "c", "kind": "noThresholdCoupon", "name": { "zh-CN": "x" }, "value": 20, "campaign": "winback", "codePrefix": "R20" }""",
        "validFor", "is required")]
    [InlineData("""{ "id": "c", "kind": "thresholdCoupon", "name": { "zh-CN": "x" }, "value": 50, "threshold": "199", "validFor": "7d", "campaign": "winback", "codePrefix": "M50" }""",
        "threshold", "must be a number, not a string")]
    [InlineData("""{ "id": "c", "kind": "coupon", "name": { "zh-CN": "x" }, "value": 50, "threshold": 199, "validFor": "7d", "campaign": "winback", "codePrefix": "M50" }""",
        "kind", "'coupon' is not an offer kind; use noThresholdCoupon, thresholdCoupon, giftPack, tierUpgrade, productTrial")]
    [InlineData("""{ "id": "c", "kind": "giftPack", "name": { "zh-CN": "x" }, "value": "100", "validFor": "7d", "campaign": "winback", "codePrefix": "G" }""",
        "value", "must be a number, not a string")]
    public void A_bad_offer_is_reported_once_at_the_property_at_fault_without_follow_on_problems(string offer, string property, string message)
    {
        var problems = Problems(OneOffer(offer));

        var problem = Assert.Single(problems);
        Assert.EndsWith("." + property, problem.Location, StringComparison.Ordinal);
        Assert.StartsWith("$.offers[0]", problem.Location, StringComparison.Ordinal);
        Assert.Equal(message, problem.Message);
    }

    [Theory]
    [InlineData("""{ "id": "Win Back", "budget": 100, "perUserCeiling": 30 }""", "$.campaigns[0] (Win Back).id")]
    [InlineData("""{ "id": "winback", "budget": -1, "perUserCeiling": 30 }""", "$.campaigns[0] (winback).budget")]
    [InlineData("""{ "id": "winback", "budget": 100, "perUserCeiling": 0 }""", "$.campaigns[0] (winback).perUserCeiling")]
    [InlineData("""{ "id": "winback", "budget": 100 }""", "$.campaigns[0] (winback).perUserCeiling")]
    [InlineData("""["winback"]""", "$.campaigns[0]")]
    public void A_bad_campaign_is_reported_at_the_property_at_fault(string campaign, string location)
    {
        var problems = Problems($$"""{ "campaigns": [ {{campaign}} ], "offers": [] }""");

        Assert.Equal(location, Assert.Single(problems).Location);
    }

    [Fact]
    public void Two_offers_may_not_share_a_code_prefix()
    {
        var problems = Problems($$"""
            { "campaigns": [ { "id": "w", "budget": 100, "perUserCeiling": 50 } ], "offers": [
              { "id": "a", "kind": "noThresholdCoupon", "name": { "zh-CN": "a" }, "value": 20, "validFor": "7d", "campaign": "w", "codePrefix": "R20" },
              { "id": "b", "kind": "noThresholdCoupon", "name": { "zh-CN": "b" }, "value": 10, "validFor": "7d", "campaign": "w", "codePrefix": "R20" } ] }
            """);

        var problem = Assert.Single(problems);
        Assert.Equal("$.offers[1] (b).codePrefix", problem.Location);
        Assert.Equal("code prefix 'R20' is already used by $.offers[0]", problem.Message);
    }

    [Theory]
    [InlineData("[]", "$", "must be an object, not an array")]
    [InlineData("""{ "offers": [] }""", "$.campaigns", "is required")]
    [InlineData("""{ "campaigns": {}, "offers": [] }""", "$.campaigns", "must be an array, not an object")]
    [InlineData("""{ "campaigns": [], "offers": [], "version": 2 }""", "$.version", "unknown property; expected campaigns, offers")]
    public void A_document_of_the_wrong_shape_is_reported(string json, string location, string message)
    {
        var problem = Assert.Single(Problems(json));

        Assert.Equal(location, problem.Location);
        Assert.Equal(message, problem.Message);
    }

    [Fact]
    public void A_locale_listed_twice_in_a_name_is_reported()
    {
        var problems = Problems(OneOffer(
            """{ "id": "c", "kind": "noThresholdCoupon", "name": { "zh-CN": "a", "zh-cn": "b" }, "value": 20, "validFor": "7d", "campaign": "winback", "codePrefix": "R20" }"""));

        Assert.Equal("$.offers[0] (c).name.zh-cn", Assert.Single(problems).Location);
    }

    [Fact]
    public void An_empty_catalogue_is_valid()
    {
        var (catalogue, problems) = OfferCatalogue.Parse("""{ "campaigns": [], "offers": [] }""", Source);

        Assert.Empty(problems);
        Assert.Empty(catalogue!.Offers);
    }

    [Theory]
    [InlineData("zh-CN", "20元无门槛券")]
    [InlineData("ZH-cn", "20元无门槛券")]
    [InlineData("zh-TW", "20元无门槛券")]
    [InlineData("en-GB", "20 off")]
    [InlineData("fr-FR", "20元无门槛券")]
    [InlineData(null, "20元无门槛券")]
    public void The_display_name_falls_back_from_the_exact_locale_to_the_language_to_the_first_listed(string? locale, string name)
    {
        var offer = OfferCatalogue.Parse(Valid, Source).Catalogue!.FindOffer("coupon-20")!;

        Assert.Equal(name, offer.NameFor(locale));
    }

    [Fact]
    public void A_catalogue_built_in_code_is_checked_like_a_parsed_one()
    {
        var names = new Dictionary<string, string> { ["zh-CN"] = "券" };
        var offer = new Offer("c", OfferKind.NoThresholdCoupon, names, 20, 100, 20, TimeSpan.FromDays(7), "nowhere", "R20");

        var ex = Assert.Throws<ArgumentException>(() => OfferCatalogue.Create([new Campaign("winback", 100, 30)], [offer]));

        Assert.Contains("$.offers[0] (c).threshold", ex.Message, StringComparison.Ordinal);
        Assert.Contains("unknown campaign 'nowhere'", ex.Message, StringComparison.Ordinal);
        var corrected = offer with { Threshold = null, Campaign = "winback" };
        Assert.Same(corrected, OfferCatalogue.Create([new Campaign("winback", 100, 30)], [corrected]).FindOffer("c"));
    }
}
