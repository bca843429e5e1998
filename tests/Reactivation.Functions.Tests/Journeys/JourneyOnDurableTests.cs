using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Reactivation.Core.Journeys;
using Reactivation.Core.Silence;
using Reactivation.Core.Sweeps;
using Reactivation.Infra.Journeys;
using Reactivation.Infra.Orchestration;
using Xunit;

namespace Reactivation.Functions.Tests.Journeys;

/// <summary>
/// Journeys end to end in the local host: enrollment schedules the orchestration, the real Durable Task Azure Storage
/// provider on Azurite runs it, events are raised through Durable's client, and the projections land in our tables.
/// </summary>
public sealed class JourneyOnDurableTests(AzuriteFixture azurite)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_journey_with_no_response_sends_each_message_once_and_ends_lost_when_its_timeout_passes()
    {
        await using var app = await JourneyTestApp.StartAsync(azurite);
        await app.AddUsersAsync("quiet");
        var started = await app.StartJourneyAsync("probe", "quiet");

        var waiting = await app.StateAsync(started.InstanceId!);
        Assert.Equal((InstanceStatus.Running, "wait-click", 1), (waiting.Status, waiting.Step, waiting.Sends));
        Assert.Single(await app.OutboxAsync("quiet"));

        app.Clock.Advance(TimeSpan.FromDays(2));
        await app.PumpAsync();

        var ended = await app.StateAsync(started.InstanceId!);
        Assert.Equal((InstanceStatus.Completed, JourneyOutcome.Lost, 2), (ended.Status, ended.Outcome, ended.Sends));
        Assert.Equal(["Sms", "Email"], (await app.OutboxAsync("quiet")).OrderBy(r => r.GetDateTimeOffset("SentAt")).Select(r => r.GetString("Channel")));
        var (member, _, _) = await app.Store.GetMemberAsync("quiet", Ct);
        Assert.Null(member.ActiveInstanceId);
        var history = await app.Store.HistoryAsync(started.InstanceId!, Ct);
        Assert.Equal(2, history.Count(h => h.Kind == "sent"));
        Assert.Contains(history, h => h.Kind == "timedOut" && h.Step == "wait-click");
        Assert.Equal("Completed", (await app.Client.GetInstanceAsync(started.InstanceId!, getInputsAndOutputs: false, Ct))!.RuntimeStatus.ToString());
    }

    [Fact]
    public async Task A_clock_tick_leaves_an_instance_asleep_until_its_wait_comes_due_and_then_wakes_it()
    {
        await using var app = await JourneyTestApp.StartAsync(azurite);
        await app.AddUsersAsync("sleeper");
        var id = (await app.StartJourneyAsync("probe", "sleeper")).InstanceId!;
        var asleep = await app.InstanceAsync(id);

        app.Clock.Advance(TimeSpan.FromDays(1));
        var (early, passedOver) = await JourneyTicks.TickAsync(app.Client, app.Clock.GetUtcNow(), 4, Ct);
        await JourneyTicks.SettleAsync(app.Client, early, passedOver, TimeSpan.FromMinutes(2), null, Ct);
        var stillAsleep = await app.InstanceAsync(id);

        app.Clock.Advance(TimeSpan.FromDays(1));
        var (due, woken) = await JourneyTicks.TickAsync(app.Client, app.Clock.GetUtcNow(), 4, Ct);
        await JourneyTicks.SettleAsync(app.Client, due, woken, TimeSpan.FromMinutes(2), null, Ct);
        var ended = await app.InstanceAsync(id);

        Assert.DoesNotContain(id, passedOver);
        Assert.Equal((asleep.Tick, asleep.State.Sequence, "wait-click"), (stillAsleep.Tick, stillAsleep.State.Sequence, stillAsleep.State.Step));
        Assert.Contains(id, woken);
        Assert.Equal((due, InstanceStatus.Completed, JourneyOutcome.Lost), (ended.Tick, ended.Status, ended.State.Outcome));
    }

    [Fact]
    public async Task A_click_ends_the_journey_reactivated_a_repeated_click_is_taken_once_and_an_ended_instance_answers_gone()
    {
        await using var app = await JourneyTestApp.StartAsync(azurite);
        await app.AddUsersAsync("clicker");
        var id = (await app.StartJourneyAsync("probe", "clicker")).InstanceId!;

        app.Clock.Advance(TimeSpan.FromHours(5));
        Assert.Equal(RaiseOutcome.Accepted, await app.RaiseAsync(id, "click", "click-1", Channel.Sms));
        Assert.Equal(RaiseOutcome.Accepted, await app.RaiseAsync(id, "click", "click-1", Channel.Sms));
        await app.PumpAsync();

        var state = await app.StateAsync(id);
        Assert.Equal((InstanceStatus.Completed, JourneyOutcome.Reactivated), (state.Status, state.Outcome));
        Assert.Single(state.ConsumedEvents);
        Assert.Single(await app.OutboxAsync("clicker"));
        Assert.Equal(RaiseOutcome.Gone, await app.RaiseAsync(id, "click", "click-2"));
        Assert.Equal(RaiseOutcome.NotFound, await app.RaiseAsync("probe~nobody~1", "click"));
    }

    [Fact]
    public async Task A_repeated_or_older_handoff_starts_nothing_and_a_user_is_in_one_journey_at_a_time()
    {
        await using var app = await JourneyTestApp.StartAsync(azurite);
        await app.AddUsersAsync("vip");
        var day = new DateOnly(2026, 11, 23);

        var first = await app.EnrollAsync(Handoff("vip", day, ValueTier.High));
        var repeated = await app.EnrollAsync(Handoff("vip", day, ValueTier.High));
        var older = await app.EnrollAsync(Handoff("vip", day.AddDays(-1), ValueTier.High));
        var newer = await app.EnrollAsync(Handoff("vip", day.AddDays(1), ValueTier.Low));

        Assert.Equal(("high-value~vip~1", true), (first.InstanceId, first.Started));
        Assert.Equal(("high-value~vip~1", false), (repeated.InstanceId, repeated.Started));
        Assert.False(older.Started);
        Assert.Contains("not newer", older.Reason, StringComparison.Ordinal);
        Assert.False(newer.Started);
        Assert.Contains("already in high-value~vip~1", newer.Reason, StringComparison.Ordinal);
        Assert.Equal(1, (await app.Store.GetMemberAsync("vip", Ct)).Member.Runs);
        Assert.Single(await app.Client.GetAllInstancesAsync(new OrchestrationQuery(InstanceIdPrefix: "high-value~vip~")).ToListAsync(Ct));
    }

    [Fact]
    public async Task Starting_an_instance_id_again_whether_it_is_running_or_ended_changes_nothing()
    {
        await using var app = await JourneyTestApp.StartAsync(azurite);
        await app.AddUsersAsync("again");
        var id = (await app.StartJourneyAsync("probe", "again")).InstanceId!;
        var run = (await app.Client.GetInstanceAsync(id, getInputsAndOutputs: true, Ct))!.ReadInputAs<Reactivation.Infra.Orchestration.JourneyRun>()!;

        Assert.False(await Reactivation.Infra.Orchestration.JourneyInstances.StartAsync(app.Client, run, Ct));
        await app.RaiseAsync(id, "click", "click-1", Channel.Sms);
        await app.PumpAsync();
        Assert.Equal(InstanceStatus.Completed, (await app.StateAsync(id)).Status);
        Assert.False(await Reactivation.Infra.Orchestration.JourneyInstances.StartAsync(app.Client, run, Ct));
        Assert.Equal(InstanceStatus.Completed, (await app.StateAsync(id)).Status);
        Assert.Single(await app.OutboxAsync("again"));
    }

    [Fact]
    public async Task A_new_version_is_taken_by_new_enrollments_while_a_running_instance_keeps_its_version()
    {
        await using var app = await JourneyTestApp.StartAsync(azurite);
        await app.AddUsersAsync("old", "new");
        var before = await app.StartJourneyAsync("probe", "old");

        var (v2, problems) = await app.Services.GetRequiredService<JourneyLibrary>().PublishAsync(
            JourneyTestApp.ProbeJson.Replace("\"version\": 1", "\"version\": 2", StringComparison.Ordinal).Replace("\"2d\"", "\"1d\"", StringComparison.Ordinal), Ct);
        Assert.Empty(problems);
        var after = await app.StartJourneyAsync("probe", "new");
        app.Clock.Advance(TimeSpan.FromDays(1));
        await app.PumpAsync();

        Assert.Equal(2, v2!.Version);
        Assert.Equal((1, InstanceStatus.Running), ((await app.StateAsync(before.InstanceId!)).Version, (await app.StateAsync(before.InstanceId!)).Status));
        Assert.Equal((2, InstanceStatus.Completed), ((await app.StateAsync(after.InstanceId!)).Version, (await app.StateAsync(after.InstanceId!)).Status));
    }

    [Fact]
    public async Task An_operator_terminating_a_journey_frees_the_user_at_once_and_says_so_in_its_history()
    {
        await using var app = await JourneyTestApp.StartAsync(azurite);
        await app.AddUsersAsync("stopped");
        var id = (await app.StartJourneyAsync("probe", "stopped")).InstanceId!;

        var response = await app.App.Client.PostAsync($"/api/instances/{id}/terminate?reason=campaign%20stopped", null, Ct);
        await app.WaitForStatusAsync(id, InstanceStatus.Terminated);

        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        Assert.Null((await app.Store.GetMemberAsync("stopped", Ct)).Member.ActiveInstanceId);
        Assert.Contains(await app.Store.HistoryAsync(id, Ct), h => h.Kind == "terminated" && h.Detail == "campaign stopped");
        Assert.Equal("campaign stopped", (await app.InstanceAsync(id)).Failure);
        var next = await app.StartJourneyAsync("probe", "stopped");
        Assert.Equal(("probe~stopped~2", true), (next.InstanceId, next.Started));
    }

    [Fact]
    public async Task Copies_of_one_handoff_enrolling_at_once_schedule_its_instance_once()
    {
        await using var app = await JourneyTestApp.StartAsync(azurite);
        await app.AddUsersAsync("twice");
        var handoff = Handoff("twice", new DateOnly(2026, 11, 23), ValueTier.High);

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => app.EnrollAsync(handoff), Ct)));

        Assert.All(results, r => Assert.Equal("high-value~twice~1", r.InstanceId));
        Assert.Single(results, r => r.Started);
        var history = await app.Store.HistoryAsync("high-value~twice~1", Ct);
        Assert.Single(history, h => h.Kind == "enrolled");
    }

    [Fact]
    public async Task A_claim_whose_enrollment_died_before_scheduling_is_taken_over_by_the_redelivered_handoff_once_it_times_out()
    {
        await using var app = await JourneyTestApp.StartAsync(azurite, extra: new Dictionary<string, string?> { ["Journeys:EnrollmentClaimTimeout"] = "00:00:02" });
        await app.AddUsersAsync("orphan");
        var day = new DateOnly(2026, 11, 23);
        var (member, etag, _) = await app.Store.GetMemberAsync("orphan", Ct);
        await app.Store.SaveMemberAsync(member with { ActiveInstanceId = "high-value~orphan~1", Runs = 1, LastHandoffDate = day, LastInstanceId = "high-value~orphan~1" }, etag, Ct);

        var redelivered = await app.EnrollAsync(Handoff("orphan", day, ValueTier.High));
        var repeated = await app.EnrollAsync(Handoff("orphan", day, ValueTier.High));

        Assert.Equal(("high-value~orphan~1", false), (repeated.InstanceId, repeated.Started));
        Assert.Equal(("high-value~orphan~1", true, "created after an interrupted enrollment"), (redelivered.InstanceId, redelivered.Started, redelivered.Reason));
        Assert.NotNull(await app.Client.GetInstanceAsync("high-value~orphan~1", getInputsAndOutputs: false, Ct));
    }

    [Fact]
    public async Task An_operator_start_retried_after_the_first_died_before_scheduling_starts_the_claimed_instance_instead_of_answering_busy()
    {
        await using var app = await JourneyTestApp.StartAsync(azurite, extra: new Dictionary<string, string?> { ["Journeys:EnrollmentClaimTimeout"] = "00:00:02" });
        await app.AddUsersAsync("retried");
        var (member, etag, _) = await app.Store.GetMemberAsync("retried", Ct);
        await app.Store.SaveMemberAsync(member with { ActiveInstanceId = "probe~retried~1", Runs = 1, LastInstanceId = "probe~retried~1" }, etag, Ct);

        var retried = await app.StartJourneyAsync("probe", "retried");
        var again = await app.StartJourneyAsync("probe", "retried");

        Assert.Equal(("probe~retried~1", true), (retried.InstanceId, retried.Started));
        Assert.Equal(("probe~retried~1", false), (again.InstanceId, again.Started));
        Assert.Equal(1, (await app.StateAsync("probe~retried~1")).Sends);
    }

    [Fact]
    public async Task A_send_attempt_made_again_for_a_decision_remade_later_keeps_the_first_attempts_time()
    {
        await using var app = await JourneyTestApp.StartAsync(azurite);
        var send = new SendCommand("probe~keep~1~sms~1", "sms", Channel.Sms, "t", null, 1, null, null, null);
        var first = new DateTimeOffset(2026, 11, 23, 2, 0, 0, TimeSpan.Zero);

        var recorded = await app.Store.RecordSendIntentAsync("probe~keep~1", send, first, Ct);
        var again = await app.Store.RecordSendIntentAsync("probe~keep~1", send, first.AddSeconds(7), Ct);

        Assert.Equal((first, first), (recorded, again));
    }

    private static EnrollmentHandoff Handoff(string userId, DateOnly day, ValueTier tier) => new()
    {
        HandoffId = EnrollmentHandoff.IdFor(day, userId),
        SweepDate = day,
        AsOf = day.ToDateTime(new TimeOnly(2, 0), DateTimeKind.Utc),
        UserId = userId,
        Reason = HandoffReason.BecameSilent,
        Band = DormancyBand.UpTo3Months,
        PreviousBand = DormancyBand.Active,
        Tier = tier,
        Cause = SilenceCause.NaturalDecline,
        EarlyWarning = false,
        DaysSilent = 31,
    };
}
