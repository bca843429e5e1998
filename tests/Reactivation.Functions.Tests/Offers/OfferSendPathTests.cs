using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Reactivation.Core.Journeys;
using Reactivation.Core.Offers;
using Reactivation.Functions.Tests.Journeys;
using Reactivation.Infra.Journeys;
using Reactivation.Infra.Offers;
using Reactivation.Infra.Policy;
using Xunit;

namespace Reactivation.Functions.Tests.Offers;

/// <summary>Offers on the send path, on Azurite: a unique coupon per send in the rendered message, the reminder before expiry with the same code, and the no-cost fallback when the budget is spent.</summary>
public sealed class OfferSendPathTests(AzuriteFixture azurite)
{
    private const string OfferJourney = """
        {
          "id": "offer-probe", "version": 1, "priority": 0, "cooldownDays": 0,
          "entry": { "reasons": ["earlyWarning"], "bands": ["over12Months"] },
          "start": "coupon",
          "steps": [
            { "id": "coupon", "kind": "send", "channel": "sms", "template": "coupon-20-sms", "offer": "coupon-20", "fallbackTemplate": "care-sms", "next": "remind-wait" },
            { "id": "remind-wait", "kind": "wait", "beforeExpiryOf": "coupon", "ifNoOffer": "lost", "next": "remind" },
            { "id": "remind", "kind": "send", "channel": "sms", "template": "offer-reminder-sms", "offer": "@coupon", "next": "lost" },
            { "id": "lost", "kind": "exit", "outcome": "lost" }
          ]
        }
        """;

    private const string NoFallbackJourney = """
        {
          "id": "offer-strict", "version": 1, "priority": 0, "cooldownDays": 0,
          "entry": { "reasons": ["earlyWarning"], "bands": ["over12Months"] },
          "start": "coupon",
          "steps": [
            { "id": "coupon", "kind": "send", "channel": "sms", "template": "coupon-20-sms", "offer": "coupon-20", "next": "lost" },
            { "id": "lost", "kind": "exit", "outcome": "lost" }
          ]
        }
        """;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_coupon_goes_out_with_its_own_code_and_the_reminder_48_hours_before_expiry_carries_the_same_code()
    {
        await using var app = await StartAsync(budget: 1000);
        await app.AddUsersAsync("saver", "other");
        var saver = await StartAsync(app, "offer-probe", "saver");
        await StartAsync(app, "offer-probe", "other");

        var first = Assert.Single(await app.OutboxAsync("saver"));
        var code = Assert.Single(await Desk(app).GetIssuancesAsync("saver", Ct)).Code;
        Assert.Matches("^R20-[0-9A-HJKMNP-TV-Z]{10}$", code);
        Assert.Contains(code, first.GetString("Body"), StringComparison.Ordinal);
        Assert.NotEqual(code, Assert.Single(await Desk(app).GetIssuancesAsync("other", Ct)).Code);
        var state = await app.StateAsync(saver);
        Assert.Equal((WaitingFor.Timer, app.Clock.GetUtcNow().AddDays(5)), (state.Waiting, state.DueAt));

        app.Clock.Advance(TimeSpan.FromDays(5));
        await app.PumpAsync();

        var reminder = (await app.OutboxAsync("saver")).Single(r => r.GetString("Template") == "offer-reminder-sms");
        Assert.Contains(code, reminder.GetString("Body"), StringComparison.Ordinal);
        Assert.Contains("20元无门槛券", reminder.GetString("Body"), StringComparison.Ordinal);
        Assert.Single(await Desk(app).GetIssuancesAsync("saver", Ct));
        Assert.Equal(40m, (await Desk(app).GetBudgetAsync("winback-coupons", Ct))!.Spent);
        Assert.Equal(JourneyOutcome.Lost, (await app.StateAsync(saver)).Outcome);
    }

    [Fact]
    public async Task A_send_repeated_under_its_key_reuses_its_coupon_and_charges_the_budget_once()
    {
        await using var app = await StartAsync(budget: 1000);
        await app.AddUsersAsync("repeat");
        var channel = app.Services.GetRequiredService<IMessageChannel>();
        var message = new OutboundMessage("offer-probe~repeat~1~coupon~1", "offer-probe~repeat~1", "offer-probe", "coupon", "repeat", Channel.Sms, "coupon-20-sms", "coupon-20", null, 1,
            app.Clock.GetUtcNow());

        var first = await channel.SendAsync(message, Ct);
        var second = await channel.SendAsync(message with { Attempt = 2 }, Ct);

        Assert.Equal(first.Offer, second.Offer);
        Assert.NotNull(first.Offer);
        Assert.Equal(20m, (await Desk(app).GetBudgetAsync("winback-coupons", Ct))!.Spent);
        Assert.Single(await app.OutboxAsync("repeat"));
    }

    [Fact]
    public async Task When_the_campaign_budget_is_spent_the_no_cost_fallback_goes_instead_and_no_reminder_follows()
    {
        await using var app = await StartAsync(budget: 20);
        await app.AddUsersAsync("first", "second");
        await StartAsync(app, "offer-probe", "first");
        var second = await StartAsync(app, "offer-probe", "second");

        var sent = Assert.Single(await app.OutboxAsync("second"));
        Assert.Equal("care-sms", sent.GetString("Template"));
        Assert.Empty(await Desk(app).GetIssuancesAsync("second", Ct));
        var state = await app.StateAsync(second);
        Assert.Equal((JourneyOutcome.Lost, 1), (state.Outcome, state.Sends));
        Assert.Contains(await app.Store.HistoryAsync(second, Ct), h => h.Kind == "waited" && h.Detail == "coupon issued no offer");
        Assert.Equal(20m, (await Desk(app).GetBudgetAsync("winback-coupons", Ct))!.Spent);
    }

    [Fact]
    public async Task With_no_fallback_a_refused_offer_skips_the_send_and_the_reason_is_in_the_why_not_sent_ledger()
    {
        await using var app = await StartAsync(budget: 20);
        await app.AddUsersAsync("lucky", "unlucky");
        await StartAsync(app, "offer-strict", "lucky");
        await StartAsync(app, "offer-strict", "unlucky");

        Assert.Empty(await app.OutboxAsync("unlucky"));
        var entry = Assert.Single(await app.Services.GetRequiredService<NotSentLedger>().ReadAsync("unlucky", 10, Ct));
        Assert.Equal("skipped", entry.Kind);
        Assert.Contains("budget exhausted", entry.Reason, StringComparison.Ordinal);
    }

    private static OfferDesk Desk(JourneyTestApp app) => app.Services.GetRequiredService<OfferDesk>();

    private static async Task<string> StartAsync(JourneyTestApp app, string journey, string userId)
    {
        var id = (await app.Services.GetRequiredService<JourneyEnroller>().StartAsync(app.Services.GetRequiredService<DurableTaskClient>(), journey, userId, null, Ct)).InstanceId!;
        await app.PumpAsync();
        return id;
    }

    private async Task<JourneyTestApp> StartAsync(decimal budget)
    {
        var shipped = File.ReadAllText(JourneyOptions.Resolve("offers/offers.json"));
        var (catalogue, problems) = OfferCatalogue.Parse(shipped, "offers.json");
        Assert.Empty(problems);
        var path = Path.Combine(Path.GetTempPath(), $"offers-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, shipped.Replace("\"budget\": 1000000", $"\"budget\": {budget}", StringComparison.Ordinal));
        Assert.Equal(1_000_000m, catalogue!.FindCampaign("winback-coupons")!.Budget);

        var app = await JourneyTestApp.StartAsync(azurite, extra: new Dictionary<string, string?> { ["Offers:CataloguePath"] = path });
        foreach (var json in new[] { OfferJourney, NoFallbackJourney })
        {
            var (published, publishProblems) = await app.Services.GetRequiredService<JourneyLibrary>().PublishAsync(json, Ct);
            Assert.True(published is not null, string.Join("; ", publishProblems));
        }

        return app;
    }
}
