using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Reactivation.Core.Offers;
using Xunit;

namespace Reactivation.Core.Tests.Offers;

public sealed class OfferAllowanceTests
{
    private static readonly Offer Coupon20 = new(
        "coupon-20", OfferKind.NoThresholdCoupon, new Dictionary<string, string> { ["zh-CN"] = "20元无门槛券" }, 20, null, 20, TimeSpan.FromDays(7), "winback", "R20");

    [Fact]
    public void An_offer_that_uses_the_last_of_the_budget_and_the_ceiling_exactly_is_issued()
    {
        var allowance = OfferAllowance.Decide(Coupon20, campaignSpent: 1980, campaignBudget: 2000, userSpent: 10, userCeiling: 30);

        Assert.True(allowance.CanIssue);
        Assert.Equal(OfferRefusal.None, allowance.Refusal);
        Assert.Null(allowance.Reason);
    }

    [Fact]
    public void An_offer_the_budget_cannot_pay_for_is_refused_with_the_numbers()
    {
        var allowance = OfferAllowance.Decide(Coupon20, campaignSpent: 1990, campaignBudget: 2000, userSpent: 0, userCeiling: 30);

        Assert.False(allowance.CanIssue);
        Assert.Equal(OfferRefusal.CampaignBudgetExhausted, allowance.Refusal);
        Assert.Equal("campaign winback budget exhausted: 1990 of 2000 spent, offer costs 20", allowance.Reason);
    }

    [Fact]
    public void An_offer_over_the_users_ceiling_is_refused_with_the_numbers()
    {
        var allowance = OfferAllowance.Decide(Coupon20, campaignSpent: 0, campaignBudget: 2000, userSpent: 20.5m, userCeiling: 30);

        Assert.Equal(OfferRefusal.UserCeilingReached, allowance.Refusal);
        Assert.Equal("user ceiling reached: 20.5 of 30 received in campaign winback, offer costs 20", allowance.Reason);
    }

    [Fact]
    public void When_both_limits_are_reached_the_campaign_budget_is_the_reason_given()
    {
        var allowance = OfferAllowance.Decide(Coupon20, campaignSpent: 2000, campaignBudget: 2000, userSpent: 30, userCeiling: 30);

        Assert.Equal(OfferRefusal.CampaignBudgetExhausted, allowance.Refusal);
    }

    [Fact]
    public void An_offer_that_costs_nothing_is_issued_even_from_a_fully_spent_budget()
    {
        var free = Coupon20 with { Cost = 0 };

        Assert.True(OfferAllowance.Decide(free, campaignSpent: 2000, campaignBudget: 2000, userSpent: 30, userCeiling: 30).CanIssue);
    }

    [Fact]
    public void A_budget_of_zero_pauses_the_campaign()
    {
        Assert.Equal(OfferRefusal.CampaignBudgetExhausted, OfferAllowance.ForCampaign("winback", 20, 0, 0).Refusal);
    }

    [Fact]
    public void Amounts_in_reasons_drop_trailing_zeros_whatever_scale_they_were_read_with()
    {
        var allowance = OfferAllowance.ForUser("winback", 20.00m, 15.50m, 30.0m);

        Assert.Equal("user ceiling reached: 15.5 of 30 received in campaign winback, offer costs 20", allowance.Reason);
    }

    [Property(MaxTest = 500, QuietOnSuccess = true)]
    public Property An_offer_is_issued_exactly_when_both_the_budget_and_the_ceiling_can_take_its_cost() =>
        Prop.ForAll(
            Arb.From(
                from cost in Fen(0, 10_000)
                from budget in Fen(0, 100_000)
                from spent in Fen(0, 100_000)
                from ceiling in Fen(1, 20_000)
                from userSpent in Fen(0, 20_000)
                select (Cost: cost, Budget: budget, Spent: spent, Ceiling: ceiling, UserSpent: userSpent)),
            c =>
            {
                var allowance = OfferAllowance.Decide(Coupon20 with { Cost = c.Cost }, c.Spent, c.Budget, c.UserSpent, c.Ceiling);

                Assert.Equal(c.Spent + c.Cost <= c.Budget && c.UserSpent + c.Cost <= c.Ceiling, allowance.CanIssue);
                Assert.Equal(allowance.CanIssue, allowance.Reason is null);
            });

    [Property(MaxTest = 300, QuietOnSuccess = true)]
    public Property Issuing_whatever_is_allowed_in_any_order_never_spends_beyond_the_budget_or_any_users_ceiling() =>
        Prop.ForAll(
            Arb.From(
                from budget in Fen(0, 50_000)
                from ceiling in Fen(1, 10_000)
                from requests in Gen.ListOf(Gen.Zip(Gen.Choose(0, 9), Fen(0, 5_000)))
                select (Budget: budget, Ceiling: ceiling, Requests: requests.ToArray())),
            c =>
            {
                var spent = 0m;
                var users = new decimal[10];
                foreach (var (user, cost) in c.Requests)
                {
                    if (OfferAllowance.Decide(Coupon20 with { Cost = cost }, spent, c.Budget, users[user], c.Ceiling).CanIssue)
                    {
                        spent += cost;
                        users[user] += cost;
                    }
                }

                Assert.InRange(spent, 0, c.Budget);
                Assert.All(users, u => Assert.InRange(u, 0, c.Ceiling));
                Assert.Equal(spent, users.Sum());
            });

    // Amounts in yuan with fen, as catalogues and counters hold them.
    private static Gen<decimal> Fen(int fromYuan, int toYuan) => Gen.Choose(fromYuan * 100, toYuan * 100).Select(f => f / 100m);
}
