using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Reactivation.Core.Activity;
using Reactivation.Core.Journeys;
using Reactivation.Infra.Journeys;
using Reactivation.Infra.Tracking;
using Xunit;

namespace Reactivation.Functions.Tests.Tracking;

public sealed class ReturnAttributionTests(AzuriteFixture azurite)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_login_within_the_window_ends_the_journey_reactivated_credited_to_the_last_touch_once_however_often_it_is_sent()
    {
        await using var kit = await ClickTestKit.StartAsync(azurite, "back");
        kit.App.Clock.Advance(TimeSpan.FromDays(1));
        var login = new ActivityEvent("login-1", "back", ActivityType.Login, kit.App.Clock.GetUtcNow());
        var events = kit.App.Services.GetRequiredService<JourneyEvents>();

        // The repeat is raised too (under the same event id, which the orchestration takes once); once the journey has
        // ended, a third is not raised at all.
        Assert.Equal(1, await events.RaiseFromActivityAsync(kit.App.Client, [login], 4, Ct));
        Assert.Equal(1, await events.RaiseFromActivityAsync(kit.App.Client, [login with { OccurredAt = login.OccurredAt.AddHours(1) }], 4, Ct));
        await kit.App.PumpAsync();
        Assert.Equal(0, await events.RaiseFromActivityAsync(kit.App.Client, [login], 4, Ct));
        Assert.Single(await kit.App.Store.HistoryAsync(kit.InstanceId, Ct), h => h.Kind == "eventReceived");

        var row = await kit.App.Services.GetRequiredService<AttributionLedger>().GetAsync("back", "login-1", Ct);
        Assert.NotNull(row);
        Assert.Equal(
            (true, kit.SendKey, "probe", "sms", "Sms", "Login", kit.InstanceId, login.OccurredAt),
            (row.GetBoolean("Attributed"), row.GetString("LastSendKey"), row.GetString("LastJourney"), row.GetString("LastStep"), row.GetString("LastChannel"),
                row.GetString("Kind"), row.GetString("InstanceId"), row.GetDateTimeOffset("At")));
        Assert.Contains(kit.SendKey, row.GetString("Touches"), StringComparison.Ordinal);
        var state = await kit.App.StateAsync(kit.InstanceId);
        Assert.Equal((InstanceStatus.Completed, JourneyOutcome.Reactivated), (state.Status, state.Outcome));
    }

    [Fact]
    public async Task A_purchase_after_the_window_still_ends_the_journey_but_is_credited_to_no_touch()
    {
        await using var kit = await ClickTestKit.StartAsync(azurite, "late");
        kit.App.Clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));
        var purchase = new ActivityEvent("order-9", "late", ActivityType.Purchase, kit.App.Clock.GetUtcNow(), 20m, "CNY", 20m);

        Assert.Equal(1, await kit.App.Services.GetRequiredService<JourneyEvents>().RaiseFromActivityAsync(kit.App.Services.GetRequiredService<DurableTaskClient>(), [purchase], 4, Ct));
        await kit.App.PumpAsync();

        var row = await kit.App.Services.GetRequiredService<AttributionLedger>().GetAsync("late", "order-9", Ct);
        Assert.NotNull(row);
        Assert.Equal((false, null, "Purchase", "[]"), (row.GetBoolean("Attributed"), row.GetString("LastSendKey"), row.GetString("Kind"), row.GetString("Touches")));
        Assert.Equal(InstanceStatus.Completed, (await kit.App.StateAsync(kit.InstanceId)).Status);
    }
}
