using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Reactivation.Core.Activity;
using Reactivation.Core.Measurement;
using Reactivation.Functions.Tests.Journeys;
using Reactivation.Infra.Journeys;
using Reactivation.Infra.Measurement;
using Reactivation.Infra.Storage;
using Xunit;

namespace Reactivation.Functions.Tests.Measurement;

public sealed class MeasurementPipelineTests(AzuriteFixture azurite)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_report_counts_each_arm_its_sends_cost_and_returns_once_however_often_the_activity_is_redelivered()
    {
        await using var app = await StartAsync();
        var users = Enumerable.Range(1, 24).Select(i => $"m{i:D2}").ToArray();
        var (treated, control) = await EnrollAsync(app, users);
        Assert.NotEmpty(treated);
        Assert.NotEmpty(control);

        app.Clock.Advance(TimeSpan.FromHours(5));
        var at = app.Clock.GetUtcNow();
        var activity = treated.Take(3).Select(u => new ActivityEvent($"login-{u}", u, ActivityType.Login, at))
            .Concat(control.Take(2).Select(u => new ActivityEvent($"login-{u}", u, ActivityType.Login, at)))
            .Append(new ActivityEvent("order-1", treated[0], ActivityType.Purchase, at.AddMinutes(5), 50m, "CNY", 50m))
            .ToList();
        var events = app.Services.GetRequiredService<JourneyEvents>();
        await events.RaiseFromActivityAsync(app.Client, activity, 4, Ct);
        await events.RaiseFromActivityAsync(app.Client, activity, 4, Ct);
        await app.PumpAsync();
        await app.Services.GetRequiredService<MetricsStore>().RollUpAsync(Ct);

        var report = (await app.Services.GetRequiredService<JourneyReports>().BuildAsync("measured", Ct))!;
        var untreated = report.Arms.Single(a => a.IsBaseline);
        var arm = report.Arms.Single(a => a.Arm == ArmNames.Treated);
        Assert.Equal((control.Count, 2L), (untreated.Users, untreated.Returned));
        Assert.Equal((treated.Count, 3L), (arm.Users, arm.Returned));
        Assert.Equal((users.Length, control.Count), (report.Totals.Enrolled, report.Totals.HeldOut));
        Assert.Equal((treated.Count, treated.Count), (report.Totals.Sent, report.Totals.Reached));
        Assert.Equal(0.35 * treated.Count, report.Totals.Cost, 6);
        Assert.Equal((1L, 1L, 50.0), (report.Totals.Purchasers, report.Totals.Purchases, report.Totals.Revenue));
        Assert.Equal(3.0 / treated.Count, report.Kpis.ActivationRate!.Value, 6);
        Assert.Equal(5.0 / users.Length, report.Kpis.WakeRate!.Value, 6);
        Assert.Equal(arm.Lift!.Difference, 3.0 / treated.Count - 2.0 / control.Count, 6);
        Assert.Equal(treated.Count, Assert.Single(report.Channels, c => c.Channel == "sms").Sent);
    }

    [Fact]
    public async Task A_return_after_the_window_counts_for_nobody_and_a_later_login_after_a_return_counts_as_retained()
    {
        await using var app = await StartAsync();
        var (treated, _) = await EnrollAsync(app, ["w1", "w2", "w3", "w4", "w5", "w6"]);
        var events = app.Services.GetRequiredService<JourneyEvents>();
        var start = app.Clock.GetUtcNow();
        await events.RaiseFromActivityAsync(app.Client, [new ActivityEvent("early", treated[0], ActivityType.Login, start.AddDays(1))], 4, Ct);
        await events.RaiseFromActivityAsync(app.Client, [new ActivityEvent("again", treated[0], ActivityType.Login, start.AddDays(3))], 4, Ct);
        Assert.True(treated.Count >= 2, "the hash puts at least two of these users in the treated arm");
        await events.RaiseFromActivityAsync(app.Client, [new ActivityEvent("late", treated[1], ActivityType.Login, start.AddDays(31))], 4, Ct);

        await app.Services.GetRequiredService<MetricsStore>().RollUpAsync(Ct);
        var rows = await app.Services.GetRequiredService<MetricsStore>().ReadAsync("measured", Ct);
        var totals = MetricCounters.Sum(rows.Select(r => r.Counters));
        Assert.Equal((1L, 1L), (totals.Returned, totals.Retained30));
    }

    [Fact]
    public async Task A_crash_after_marking_a_return_but_before_storing_its_fact_loses_nothing_when_the_activity_is_redelivered_and_counts_it_once()
    {
        var killer = new FactWriteKiller();
        await using var app = await MeasuredJourney.StartAsync(azurite, s => s.AddSingleton(sp => new StorageAccount(sp.GetRequiredService<StorageOptions>(), killer)));
        var (treated, _) = await EnrollAsync(app, ["k1", "k2", "k3", "k4"]);
        var events = app.Services.GetRequiredService<JourneyEvents>();
        var login = new ActivityEvent("login-k", treated[0], ActivityType.Login, app.Clock.GetUtcNow().AddHours(1));
        app.Clock.Advance(TimeSpan.FromHours(2));

        killer.Arm();
        await Assert.ThrowsAnyAsync<Exception>(() => events.RaiseFromActivityAsync(app.Client, [login], 4, Ct));
        killer.Disarm();
        var (member, _, _) = await app.Store.GetMemberAsync(treated[0], Ct);
        Assert.Equal(login.EventId, member.Marks.ReturnEventId);

        await events.RaiseFromActivityAsync(app.Client, [login], 4, Ct);
        app.Clock.Advance(TimeSpan.FromDays(1));
        await events.RaiseFromActivityAsync(app.Client, [login with { EventId = "login-k-again", OccurredAt = app.Clock.GetUtcNow() }], 4, Ct);
        await app.Services.GetRequiredService<MetricsStore>().RollUpAsync(Ct);

        var totals = MetricCounters.Sum((await app.Services.GetRequiredService<MetricsStore>().ReadAsync("measured", Ct)).Select(r => r.Counters));
        Assert.Equal((1L, 1L), (totals.Returned, totals.Retained30));
    }

    [Fact]
    public async Task The_report_api_answers_json_for_a_journey_and_a_problem_for_an_unknown_one()
    {
        await using var app = await StartAsync();
        await EnrollAsync(app, ["a1", "a2"]);
        await app.Services.GetRequiredService<MetricsStore>().RollUpAsync(Ct);

        using var found = await app.App.Client.GetAsync("/api/reports/journeys/measured", Ct);
        Assert.Equal(HttpStatusCode.OK, found.StatusCode);
        using var json = JsonDocument.Parse(await found.Content.ReadAsStringAsync(Ct));
        Assert.Equal(2, json.RootElement.GetProperty("totals").GetProperty("enrolled").GetInt64());
        using var missing = await app.App.Client.GetAsync("/api/reports/journeys/nope", Ct);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Rolling_up_again_changes_nothing_and_facts_recorded_after_a_roll_up_are_in_the_next()
    {
        await using var app = await StartAsync();
        var metrics = app.Services.GetRequiredService<MetricsStore>();
        await EnrollAsync(app, ["r1", "r2"]);
        await metrics.RollUpAsync(Ct);
        var first = await metrics.ReadAsync("measured", Ct);
        Assert.Empty(await metrics.RollUpAsync(Ct));
        Assert.Equal(first.Count, (await metrics.ReadAsync("measured", Ct)).Count);

        await EnrollAsync(app, ["r3"]);
        Assert.NotEmpty(await metrics.RollUpAsync(Ct));
        Assert.Equal(3, MetricCounters.Sum((await metrics.ReadAsync("measured", Ct)).Select(r => r.Counters)).Enrolled);
    }

    private Task<JourneyTestApp> StartAsync() => MeasuredJourney.StartAsync(azurite);

    private static Task<(List<string> Treated, List<string> Control)> EnrollAsync(JourneyTestApp app, string[] users) => MeasuredJourney.EnrollAsync(app, users);
}
