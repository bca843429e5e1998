using Reactivation.Core.Offers;
using Reactivation.Infra.Offers;
using Xunit;

namespace Reactivation.Functions.Tests.Offers;

/// <summary>The offer settings and the default catalogue shipped next to the executable.</summary>
public sealed class OfferOptionsTests
{
    private const string Secret = "a-coupon-secret-of-thirty-two-chars";

    [Fact]
    public void The_defaults_point_at_the_shipped_catalogue_and_need_only_a_secret()
    {
        var options = new OfferOptions();

        Assert.Equal("offers/offers.json", options.CataloguePath);
        Assert.Equal("", options.CouponSecret);
        Assert.Equal(["Offers:CouponSecret must be at least 32 characters (was 0)"], options.Validate());
        Assert.Empty((options with { CouponSecret = Secret }).Validate());
    }

    [Fact]
    public void The_default_catalogue_holds_the_five_seed_offers_and_the_standard_journeys_return_gift_named_in_both_locales_and_valid_long_enough_for_the_48_hour_reminder()
    {
        var catalogue = new OfferOptions { CouponSecret = Secret }.LoadCatalogue();

        Assert.Equal(
            [("return-gift", OfferKind.GiftPack), ("coupon-20", OfferKind.NoThresholdCoupon), ("off-50-min-199", OfferKind.ThresholdCoupon), ("gift-pack-100", OfferKind.GiftPack),
                ("tier-upgrade", OfferKind.TierUpgrade), ("product-trial", OfferKind.ProductTrial)],
            catalogue.Offers.Select(o => (o.Id, o.Kind)));
        Assert.Equal((20m, (decimal?)null), (catalogue.FindOffer("coupon-20")!.Value, catalogue.FindOffer("coupon-20")!.Threshold));
        Assert.Equal((50m, (decimal?)199m), (catalogue.FindOffer("off-50-min-199")!.Value, catalogue.FindOffer("off-50-min-199")!.Threshold));
        Assert.Equal(100m, catalogue.FindOffer("gift-pack-100")!.Value);
        Assert.All(catalogue.Offers, o =>
        {
            Assert.True(o.ValidFor > TimeSpan.FromHours(48), $"{o.Id} expires before a 48-hour reminder could go out");
            Assert.Equal(["zh-CN", "en-US"], o.Name.Keys);
            Assert.True(o.Cost > 0, $"{o.Id} must charge its campaign");
        });
        Assert.All(catalogue.Campaigns, c => Assert.True(c.Budget > 0 && c.PerUserCeiling > 0, c.Id));
        Assert.Equal("满199减50券", catalogue.FindOffer("off-50-min-199")!.NameFor("zh-CN"));
    }

    [Fact]
    public void A_missing_catalogue_and_a_short_secret_are_both_reported()
    {
        var problems = new OfferOptions { CataloguePath = "offers/none.json", CouponSecret = "short" }.Validate();

        Assert.Equal(
            ["Offers:CouponSecret must be at least 32 characters (was 5)", "Offers:CataloguePath 'offers/none.json' is not a file"],
            problems);
    }

    [Fact]
    public void Every_problem_of_a_bad_catalogue_is_reported_by_validation_and_stops_loading()
    {
        var path = Path.Combine(Path.GetTempPath(), $"offers-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """
            { "campaigns": [ { "id": "w", "budget": 100, "perUserCeiling": 30 } ],
              "offers": [ { "id": "c", "kind": "noThresholdCoupon", "name": { "zh-CN": "x" }, "value": 20, "threshold": 99, "validFor": "soon", "campaign": "w", "codePrefix": "R20" } ] }
            """);
        try
        {
            var options = new OfferOptions { CataloguePath = path, CouponSecret = Secret };

            var problems = options.Validate();
            var ex = Assert.Throws<InvalidOperationException>(options.LoadCatalogue);

            Assert.Equal(2, problems.Count);
            Assert.All(problems, p => Assert.StartsWith("Offers:CataloguePath: ", p, StringComparison.Ordinal));
            Assert.Contains("$.offers[0] (c).validFor", ex.Message, StringComparison.Ordinal);
            Assert.Contains("$.offers[0] (c).threshold", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
