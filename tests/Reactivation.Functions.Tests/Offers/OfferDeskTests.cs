using Azure.Data.Tables;
using Microsoft.Extensions.Logging.Abstractions;
using Reactivation.Core.Offers;
using Reactivation.Infra.Offers;
using Reactivation.Infra.Storage;
using Xunit;

namespace Reactivation.Functions.Tests.Offers;

/// <summary>Issuing offers against budgets and ceilings, exactly once per send, under concurrency and crashes (against real Azurite).</summary>
public sealed class OfferDeskTests(AzuriteFixture azurite)
{
    private const string Campaign = "winback";
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);
    private static readonly OfferOptions Options = new() { CouponSecret = "test-secret-test-secret-test-secret!" };

    private static readonly Offer Coupon20 = new(
        "coupon-20", OfferKind.NoThresholdCoupon, new Dictionary<string, string> { ["zh-CN"] = "20元无门槛券", ["en-US"] = "20 off" },
        20, null, 20, TimeSpan.FromDays(7), Campaign, "R20");

    private static readonly Offer Off50 = new(
        "off-50-min-199", OfferKind.ThresholdCoupon, new Dictionary<string, string> { ["zh-CN"] = "满199减50券" }, 50, 199, 50, TimeSpan.FromDays(7), Campaign, "M50");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Issuing_again_with_the_same_send_key_returns_the_same_code_and_expiry_and_charges_nothing_more()
    {
        var desk = Desk(budget: 1000, ceiling: 100);

        var first = Assert.IsType<IssuedOffer>(await desk.IssueAsync("coupon-20", "u1", "standard~u1~1~gift-sms~1", T0, Ct));
        var again = Assert.IsType<IssuedOffer>(await desk.IssueAsync("coupon-20", "u1", "standard~u1~1~gift-sms~1", T0.AddHours(5), Ct));

        Assert.Equal(first, again);
        Assert.Matches("^R20-[0-9A-HJKMNP-TV-Z]{10}$", first.Code);
        Assert.Equal(CouponCode.Create(Options.SecretKey, "standard~u1~1~gift-sms~1", "R20"), first.Code);
        Assert.Equal(T0.AddDays(7), again.ExpiresAt);
        Assert.Equal((20m, null, 20m, "20元无门槛券", "20 off"), (first.Value, first.Threshold, first.Cost, first.NameFor("zh-CN"), first.NameFor("en-US")));
        Assert.Equal(new CampaignBudget(Campaign, 1000, 20, 1), await desk.GetBudgetAsync(Campaign, Ct));
        Assert.Equal(20m, await desk.GetUserSpentAsync("u1", Campaign, Ct));
        Assert.Equal(first, Assert.Single(await desk.GetIssuancesAsync("u1", Ct)));
    }

    [Fact]
    public async Task Different_sends_get_different_codes_and_a_threshold_coupon_keeps_its_minimum_spend()
    {
        var desk = Desk(budget: 1000, ceiling: 100);

        var a = Assert.IsType<IssuedOffer>(await desk.IssueAsync("off-50-min-199", "u1", "send-a", T0, Ct));
        var b = Assert.IsType<IssuedOffer>(await desk.IssueAsync("off-50-min-199", "u1", "send-b", T0, Ct));

        Assert.NotEqual(a.Code, b.Code);
        Assert.StartsWith("M50-", a.Code, StringComparison.Ordinal);
        Assert.Equal((OfferKind.ThresholdCoupon, 50m, 199m), (a.Kind, a.Value, a.Threshold));
        Assert.Equal(100m, (await desk.GetBudgetAsync(Campaign, Ct))!.Spent);
        Assert.Equal(["send-a", "send-b"], (await desk.GetIssuancesAsync("u1", Ct)).Select(o => o.SendKey));
    }

    [Fact]
    public async Task Two_hundred_concurrent_issues_against_a_budget_for_fifty_issue_exactly_fifty_and_never_overspend()
    {
        var account = NewAccount();
        var desk = Desk(budget: 1000, ceiling: 100, account: account);
        var requests = Enumerable.Range(0, 200).Select(i => (User: $"u{i % 100:D3}", SendKey: $"coupon~u{i % 100:D3}~1~sms~{i / 100 + 1}")).ToList();

        var answers = await Task.WhenAll(requests.Select(r => desk.IssueAsync("coupon-20", r.User, r.SendKey, T0, Ct)));

        var issued = answers.OfType<IssuedOffer>().ToList();
        var refused = answers.OfType<OfferNotIssued>().ToList();
        Assert.Equal(50, issued.Count);
        Assert.Equal(150, refused.Count);
        Assert.All(refused, r => Assert.Equal(OfferRefusal.CampaignBudgetExhausted, r.Refusal));
        Assert.Equal(50, issued.Select(o => o.Code).Distinct().Count());
        var budget = (await desk.GetBudgetAsync(Campaign, Ct))!;
        Assert.Equal((1000m, 50L, 0m), (budget.Spent, budget.Issued, budget.Remaining));

        // Every user's counter is exactly what was issued to them: the refusals' charges were all undone.
        foreach (var user in requests.Select(r => r.User).Distinct())
        {
            Assert.Equal(issued.Count(o => o.UserId == user) * 20m, await desk.GetUserSpentAsync(user, Campaign, Ct));
        }

        var reservations = await RowsAsync(account, "offerbudgets", Campaign, "r~");
        Assert.Equal(50, reservations.Count(r => r.GetString("Status") == "reserved"));
    }

    [Fact]
    public async Task Concurrent_duplicates_of_one_send_key_get_one_code_and_one_charge()
    {
        var desk = Desk(budget: 1000, ceiling: 100);

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => desk.IssueAsync("coupon-20", "u1", "dup~u1~1~sms~1", T0.AddSeconds(i), Ct)));

        var issued = answers.Select(a => Assert.IsType<IssuedOffer>(a)).ToList();
        Assert.Single(issued.Select(o => (o.Code, o.ExpiresAt)).Distinct());
        Assert.Equal(new CampaignBudget(Campaign, 1000, 20, 1), await desk.GetBudgetAsync(Campaign, Ct));
        Assert.Equal(20m, await desk.GetUserSpentAsync("u1", Campaign, Ct));
    }

    [Fact]
    public async Task The_per_user_ceiling_stops_that_user_but_not_others_and_the_refusal_stands_on_retry()
    {
        var desk = Desk(budget: 1000, ceiling: 30);

        Assert.IsType<IssuedOffer>(await desk.IssueAsync("coupon-20", "u1", "s1", T0, Ct));
        var refused = Assert.IsType<OfferNotIssued>(await desk.IssueAsync("coupon-20", "u1", "s2", T0, Ct));
        var other = await desk.IssueAsync("coupon-20", "u2", "s3", T0, Ct);
        var retried = await desk.IssueAsync("coupon-20", "u1", "s2", T0.AddHours(1), Ct);

        Assert.Equal(OfferRefusal.UserCeilingReached, refused.Refusal);
        Assert.Equal("user ceiling reached: 20 of 30 received in campaign winback, offer costs 20", refused.Reason);
        Assert.IsType<IssuedOffer>(other);
        Assert.Equal(refused, retried);
        Assert.Equal(20m, await desk.GetUserSpentAsync("u1", Campaign, Ct));
        Assert.Equal(40m, (await desk.GetBudgetAsync(Campaign, Ct))!.Spent);
    }

    [Fact]
    public async Task A_crash_between_charging_the_user_and_the_campaign_is_completed_by_the_retry_with_the_first_expiry()
    {
        var account = NewAccount();
        var crashing = Desk(budget: 1000, ceiling: 100, account: account);
        crashing.Checkpoint = (point, _) => point == "charged" ? throw new SimulatedCrash() : ValueTask.CompletedTask;

        await Assert.ThrowsAsync<SimulatedCrash>(() => crashing.IssueAsync("coupon-20", "u1", "s1", T0, Ct));
        Assert.Equal(20m, await crashing.GetUserSpentAsync("u1", Campaign, Ct));
        Assert.Equal(0m, (await crashing.GetBudgetAsync(Campaign, Ct))!.Spent);
        Assert.Empty(await crashing.GetIssuancesAsync("u1", Ct));

        var retry = Desk(budget: 1000, ceiling: 100, account: account);
        var issued = Assert.IsType<IssuedOffer>(await retry.IssueAsync("coupon-20", "u1", "s1", T0.AddMinutes(5), Ct));

        Assert.Equal((T0, T0.AddDays(7)), (issued.IssuedAt, issued.ExpiresAt));
        Assert.Equal(20m, await retry.GetUserSpentAsync("u1", Campaign, Ct));
        Assert.Equal(new CampaignBudget(Campaign, 1000, 20, 1), await retry.GetBudgetAsync(Campaign, Ct));
        Assert.Equal(issued, Assert.Single(await retry.GetIssuancesAsync("u1", Ct)));
    }

    [Fact]
    public async Task A_crash_after_the_campaign_reservation_is_completed_by_the_retry_without_a_second_charge()
    {
        var account = NewAccount();
        var crashing = Desk(budget: 1000, ceiling: 100, account: account);
        crashing.Checkpoint = (point, _) => point == "reserved" ? throw new SimulatedCrash() : ValueTask.CompletedTask;

        await Assert.ThrowsAsync<SimulatedCrash>(() => crashing.IssueAsync("coupon-20", "u1", "s1", T0, Ct));
        var issued = Assert.IsType<IssuedOffer>(await Desk(budget: 1000, ceiling: 100, account: account).IssueAsync("coupon-20", "u1", "s1", T0.AddMinutes(5), Ct));

        Assert.Equal(T0.AddDays(7), issued.ExpiresAt);
        Assert.Equal(20m, await crashing.GetUserSpentAsync("u1", Campaign, Ct));
        Assert.Equal(new CampaignBudget(Campaign, 1000, 20, 1), await crashing.GetBudgetAsync(Campaign, Ct));
    }

    [Fact]
    public async Task An_exhausted_campaign_refuses_and_gives_the_users_charge_back()
    {
        var desk = Desk(budget: 20, ceiling: 100);
        Assert.IsType<IssuedOffer>(await desk.IssueAsync("coupon-20", "u1", "s1", T0, Ct));

        var refused = Assert.IsType<OfferNotIssued>(await desk.IssueAsync("coupon-20", "u2", "s2", T0, Ct));
        var retried = await desk.IssueAsync("coupon-20", "u2", "s2", T0.AddHours(1), Ct);

        Assert.Equal(OfferRefusal.CampaignBudgetExhausted, refused.Refusal);
        Assert.Equal("campaign winback budget exhausted: 20 of 20 spent, offer costs 20", refused.Reason);
        Assert.Equal(refused, retried);
        Assert.Equal(0m, await desk.GetUserSpentAsync("u2", Campaign, Ct));
        Assert.Empty(await desk.GetIssuancesAsync("u2", Ct));
        Assert.Equal(new CampaignBudget(Campaign, 20, 20, 1), await desk.GetBudgetAsync(Campaign, Ct));
    }

    [Fact]
    public async Task A_send_that_crashed_after_charging_and_finds_the_budget_gone_on_retry_gives_the_charge_back()
    {
        var account = NewAccount();
        var crashing = Desk(budget: 20, ceiling: 100, account: account);
        crashing.Checkpoint = (point, _) => point == "charged" ? throw new SimulatedCrash() : ValueTask.CompletedTask;
        await Assert.ThrowsAsync<SimulatedCrash>(() => crashing.IssueAsync("coupon-20", "u1", "s1", T0, Ct));
        var desk = Desk(budget: 20, ceiling: 100, account: account);
        Assert.IsType<IssuedOffer>(await desk.IssueAsync("coupon-20", "u2", "s2", T0, Ct));

        var retried = Assert.IsType<OfferNotIssued>(await desk.IssueAsync("coupon-20", "u1", "s1", T0.AddMinutes(5), Ct));

        Assert.Equal(OfferRefusal.CampaignBudgetExhausted, retried.Refusal);
        Assert.Equal(0m, await desk.GetUserSpentAsync("u1", Campaign, Ct));
        Assert.Equal(20m, await desk.GetUserSpentAsync("u2", Campaign, Ct));
        Assert.Equal(new CampaignBudget(Campaign, 20, 20, 1), await desk.GetBudgetAsync(Campaign, Ct));
    }

    [Fact]
    public async Task A_crash_between_the_refused_reservation_and_the_give_back_is_completed_by_the_retry()
    {
        var account = NewAccount();
        var desk = Desk(budget: 0, ceiling: 100, account: account);
        desk.Checkpoint = (point, _) => point == "refused" ? throw new SimulatedCrash() : ValueTask.CompletedTask;
        await Assert.ThrowsAsync<SimulatedCrash>(() => desk.IssueAsync("coupon-20", "u1", "s1", T0, Ct));
        Assert.Equal(20m, await desk.GetUserSpentAsync("u1", Campaign, Ct));

        var retried = await Desk(budget: 1000, ceiling: 100, account: account).IssueAsync("coupon-20", "u1", "s1", T0.AddMinutes(5), Ct);

        // Even with the budget raised meanwhile, the campaign's first answer for the send stands.
        Assert.Equal(OfferRefusal.CampaignBudgetExhausted, Assert.IsType<OfferNotIssued>(retried).Refusal);
        Assert.Equal(0m, await desk.GetUserSpentAsync("u1", Campaign, Ct));
        Assert.Equal(0m, (await desk.GetBudgetAsync(Campaign, Ct))!.Spent);
    }

    [Fact]
    public async Task Redeeming_records_the_first_time_once_whether_by_code_as_typed_or_by_send_key()
    {
        var desk = Desk(budget: 1000, ceiling: 100);
        var issued = Assert.IsType<IssuedOffer>(await desk.IssueAsync("coupon-20", "u1", "s1", T0, Ct));

        var first = await desk.RedeemAsync("u1", issued.Code, T0.AddDays(1), Ct);
        var byTypedCode = await desk.RedeemAsync("u1", issued.Code.ToLowerInvariant(), T0.AddDays(2), Ct);
        var bySendKey = await desk.RedeemAsync("u1", "s1", T0.AddDays(3), Ct);

        Assert.Equal(RedemptionOutcome.Redeemed, first.Outcome);
        Assert.Equal(T0.AddDays(1), first.Offer!.RedeemedAt);
        Assert.Equal((RedemptionOutcome.AlreadyRedeemed, T0.AddDays(1)), (byTypedCode.Outcome, byTypedCode.Offer!.RedeemedAt));
        Assert.Equal((RedemptionOutcome.AlreadyRedeemed, T0.AddDays(1)), (bySendKey.Outcome, bySendKey.Offer!.RedeemedAt));
        Assert.Equal(T0.AddDays(1), Assert.Single(await desk.GetIssuancesAsync("u1", Ct)).RedeemedAt);
        Assert.Equal(20m, (await desk.GetBudgetAsync(Campaign, Ct))!.Spent);
    }

    [Fact]
    public async Task Concurrent_redemptions_of_one_code_record_a_single_time()
    {
        var desk = Desk(budget: 1000, ceiling: 100);
        var issued = Assert.IsType<IssuedOffer>(await desk.IssueAsync("coupon-20", "u1", "s1", T0, Ct));

        var answers = await Task.WhenAll(Enumerable.Range(1, 10).Select(i => desk.RedeemAsync("u1", issued.Code, T0.AddMinutes(i), Ct)));

        Assert.Single(answers, a => a.Outcome == RedemptionOutcome.Redeemed);
        var recorded = Assert.Single(await desk.GetIssuancesAsync("u1", Ct)).RedeemedAt;
        Assert.All(answers, a => Assert.Equal(recorded, a.Offer!.RedeemedAt));
    }

    [Fact]
    public async Task Redemptions_of_unknown_refused_or_expired_offers_record_nothing()
    {
        var desk = Desk(budget: 1000, ceiling: 20);
        var issued = Assert.IsType<IssuedOffer>(await desk.IssueAsync("coupon-20", "u1", "s1", T0, Ct));
        Assert.IsType<OfferNotIssued>(await desk.IssueAsync("coupon-20", "u1", "s2", T0, Ct));

        Assert.Equal(RedemptionOutcome.NotFound, (await desk.RedeemAsync("u1", "R20-0000000000", T0, Ct)).Outcome);
        Assert.Equal(RedemptionOutcome.NotFound, (await desk.RedeemAsync("u2", issued.Code, T0, Ct)).Outcome);
        Assert.Equal(RedemptionOutcome.NotIssued, (await desk.RedeemAsync("u1", "s2", T0, Ct)).Outcome);
        Assert.Equal(RedemptionOutcome.Expired, (await desk.RedeemAsync("u1", issued.Code, issued.ExpiresAt, Ct)).Outcome);
        Assert.Null(Assert.Single(await desk.GetIssuancesAsync("u1", Ct)).RedeemedAt);
    }

    [Fact]
    public async Task An_offer_missing_from_the_catalogue_is_refused_and_charges_nothing()
    {
        var desk = Desk(budget: 1000, ceiling: 100);

        var refused = Assert.IsType<OfferNotIssued>(await desk.IssueAsync("return-gift", "u1", "s1", T0, Ct));

        Assert.Equal(OfferRefusal.UnknownOffer, refused.Refusal);
        Assert.Equal(0m, (await desk.GetBudgetAsync(Campaign, Ct))!.Spent);
        Assert.Empty(await desk.GetIssuancesAsync("u1", Ct));
    }

    [Fact]
    public async Task A_send_key_already_used_for_another_offer_is_a_bug_and_throws()
    {
        var desk = Desk(budget: 1000, ceiling: 100);
        await desk.IssueAsync("coupon-20", "u1", "s1", T0, Ct);

        await Assert.ThrowsAsync<InvalidOperationException>(() => desk.IssueAsync("off-50-min-199", "u1", "s1", T0, Ct));
    }

    [Fact]
    public async Task The_budget_of_a_campaign_not_in_the_catalogue_is_unknown()
    {
        var desk = Desk(budget: 1000, ceiling: 100);

        Assert.Null(await desk.GetBudgetAsync("nowhere", Ct));
        Assert.Equal(new CampaignBudget(Campaign, 1000, 0, 0), await desk.GetBudgetAsync(Campaign, Ct));
    }

    private StorageAccount NewAccount() =>
        new(new StorageOptions { ConnectionString = azurite.ConnectionString, Prefix = "o" + Guid.NewGuid().ToString("N")[..10] });

    // The 50 coupon only fits campaigns whose ceiling can pay for it; the catalogue refuses it otherwise.
    private OfferDesk Desk(decimal budget, decimal ceiling, StorageAccount? account = null) =>
        new(account ?? NewAccount(), OfferCatalogue.Create([new Campaign(Campaign, budget, ceiling)], ceiling >= Off50.Cost ? [Coupon20, Off50] : [Coupon20]), Options,
            NullLogger<OfferDesk>.Instance);

    private static async Task<List<TableEntity>> RowsAsync(StorageAccount account, string table, string partition, string rowPrefix)
    {
        var client = await account.TableAsync(table, Ct);
        var rows = new List<TableEntity>();
        await foreach (var row in client.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), cancellationToken: Ct))
        {
            if (row.RowKey.StartsWith(rowPrefix, StringComparison.Ordinal))
            {
                rows.Add(row);
            }
        }

        return rows;
    }

    private sealed class SimulatedCrash : Exception;
}
