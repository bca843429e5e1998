using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Reactivation.Core.Journeys;
using Reactivation.Core.Silence;
using Reactivation.Core.Sweeps;
using Reactivation.Infra.Journeys;
using Reactivation.Infra.Storage;
using Xunit;

namespace Reactivation.Functions.Tests.Journeys;

/// <summary>The engine against real Azurite: steps, timers, events, crashes between commit and send, stale messages, repair, enrollment.</summary>
public sealed class JourneyEngineTests(AzuriteFixture azurite)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_journey_with_no_response_sends_each_message_once_and_ends_lost_when_its_timeout_passes()
    {
        await using var app = await JourneyTestApp.StartAsync(azurite);
        await app.AddUsersAsync("quiet");
        var started = await app.Services.GetRequiredService<JourneyEnroller>().StartAsync("probe", "quiet", null, Ct);
        await app.PumpAsync();

        var waiting = await app.StateAsync(started.InstanceId!);
        Assert.Equal((InstanceStatus.Running, "wait-click", 1), (waiting.Status, waiting.Step, waiting.Sends));
        Assert.Single(await app.OutboxAsync("quiet"));

        app.Clock.Advance(TimeSpan.FromDays(2));
        await app.WakeAsync(started.InstanceId!);

        var ended = await app.StateAsync(started.InstanceId!);
        Assert.Equal((InstanceStatus.Completed, JourneyOutcome.Lost, 2), (ended.Status, ended.Outcome, ended.Sends));
        Assert.Equal(["Sms", "Email"], (await app.OutboxAsync("quiet")).OrderBy(r => r.GetDateTimeOffset("SentAt")).Select(r => r.GetString("Channel")));
        var (member, _, _) = await app.Store.GetMemberAsync("quiet", Ct);
        Assert.Null(member.ActiveInstanceId);
        Assert.Equal(app.Clock.GetUtcNow(), member.LastEndedAt);
        var history = await app.Store.HistoryAsync(started.InstanceId!, Ct);
        Assert.Equal(2, history.Count(h => h.Kind == "sent"));
        Assert.Contains(history, h => h.Kind == "timedOut" && h.Step == "wait-click");
    }

    [Fact]
    public async Task A_click_ends_the_journey_reactivated_a_repeated_click_is_deduplicated_and_an_ended_instance_answers_gone()
    {
        await using var app = await JourneyTestApp.StartAsync(azurite);
        await app.AddUsersAsync("clicker");
        var id = (await app.Services.GetRequiredService<JourneyEnroller>().StartAsync("probe", "clicker", null, Ct)).InstanceId!;
        await app.PumpAsync();
        var events = app.Services.GetRequiredService<JourneyEvents>();

        app.Clock.Advance(TimeSpan.FromHours(5));
        Assert.Equal(RaiseOutcome.Accepted, await events.RaiseAsync(id, "click", "click-1", Channel.Sms, null, Ct));
        Assert.Equal(RaiseOutcome.Duplicate, await events.RaiseAsync(id, "click", "click-1", Channel.Sms, null, Ct));
        await app.PumpAsync();

        var state = await app.StateAsync(id);
        Assert.Equal((InstanceStatus.Completed, JourneyOutcome.Reactivated), (state.Status, state.Outcome));
        Assert.Single(state.ConsumedEvents);
        Assert.Single(await app.OutboxAsync("clicker"));
        Assert.Equal(RaiseOutcome.Gone, await events.RaiseAsync(id, "click", "click-2", null, null, Ct));
        Assert.Equal(RaiseOutcome.NotFound, await events.RaiseAsync("probe~nobody~1", "click", null, null, null, Ct));
    }

    [Theory]
    [InlineData("committed")]
    [InlineData("sent")]
    public async Task A_worker_that_dies_around_the_channel_call_is_reconciled_under_the_same_key_without_a_second_message(string crashPoint)
    {
        await using var app = await JourneyTestApp.StartAsync(azurite);
        await app.AddUsersAsync("crashy");
        var id = (await app.Services.GetRequiredService<JourneyEnroller>().StartAsync("probe", "crashy", null, Ct)).InstanceId!;
        var crashes = 0;
        app.Engine.Checkpoint = (point, _) => point == crashPoint && Interlocked.Increment(ref crashes) == 1
            ? throw new IOException($"worker killed at {point}")
            : ValueTask.CompletedTask;

        await Assert.ThrowsAsync<IOException>(app.PumpAsync);
        var afterCrash = await app.StateAsync(id);
        Assert.Equal((WaitingFor.SendResult, 0), (afterCrash.Waiting, afterCrash.Sends));
        Assert.Contains("nothing due", await app.WakeAsync(id), StringComparison.Ordinal);

        app.Clock.Advance(TimeSpan.FromMinutes(6));
        await app.WakeAsync(id);

        var state = await app.StateAsync(id);
        Assert.Equal((InstanceStatus.Running, "wait-click", 1), (state.Status, state.Step, state.Sends));
        var outbox = await app.OutboxAsync("crashy");
        Assert.Equal("probe~crashy~1~sms~1", Assert.Single(outbox).RowKey);
        var record = Assert.Single(await app.Store.SendsAsync(id, Ct));
        Assert.Equal("Sent", record.GetString("Status"));
        Assert.Contains(await app.Store.HistoryAsync(id, Ct), h => h.Kind == "sending" && h.Detail!.Contains("reconciling", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Transient_failures_are_retried_with_backoff_under_one_key_and_the_attempts_are_recorded()
    {
        var flaky = new FlakyChannel(failures: 2);
        await using var app = await JourneyTestApp.StartAsync(azurite, s => s.AddSingleton<IMessageChannel>(sp => flaky.Wrapping(sp.GetRequiredService<OutboxChannel>())));
        await app.AddUsersAsync("flaky");
        var id = (await app.Services.GetRequiredService<JourneyEnroller>().StartAsync("probe", "flaky", null, Ct)).InstanceId!;
        await app.PumpAsync();

        var first = await app.StateAsync(id);
        Assert.Equal((WaitingFor.Retry, 2, app.Clock.GetUtcNow().AddMinutes(1)), (first.Waiting, first.Attempt, first.DueAt));
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await app.WakeAsync(id);
        var second = await app.StateAsync(id);
        Assert.Equal((WaitingFor.Retry, 3, app.Clock.GetUtcNow().AddMinutes(2)), (second.Waiting, second.Attempt, second.DueAt));
        app.Clock.Advance(TimeSpan.FromMinutes(2));
        await app.WakeAsync(id);

        var state = await app.StateAsync(id);
        Assert.Equal(("wait-click", 1), (state.Step, state.Sends));
        Assert.Equal(["probe~flaky~1~sms~1", "probe~flaky~1~sms~1", "probe~flaky~1~sms~1"], flaky.Keys);
        Assert.Equal(3, Assert.Single(await app.Store.SendsAsync(id, Ct)).GetInt32("Attempts"));
        Assert.Single(await app.OutboxAsync("flaky"));
    }

    [Fact]
    public async Task A_stale_timer_is_dropped_and_a_timer_beyond_the_queue_limit_is_put_back_until_due()
    {
        await using var app = await JourneyTestApp.StartAsync(azurite);
        await app.AddUsersAsync("timers");
        var id = (await app.Services.GetRequiredService<JourneyEnroller>().StartAsync("probe", "timers", null, Ct)).InstanceId!;
        await app.PumpAsync();
        var state = await app.StateAsync(id);

        var stale = await app.Engine.HandleAsync(new JourneyMessage { Id = id, Kind = JourneyMessageKind.Timer, Sequence = state.Sequence - 1, DueAt = state.DueAt }, Ct);
        var early = await app.Engine.HandleAsync(
            new JourneyMessage { Id = id, Kind = JourneyMessageKind.Timer, Sequence = state.Sequence, DueAt = app.Clock.GetUtcNow().AddDays(10) }, Ct);

        Assert.Contains("stale", stale, StringComparison.Ordinal);
        Assert.Contains("re-queued", early, StringComparison.Ordinal);
        var queue = await app.Services.GetRequiredService<StorageAccount>().QueueAsync(QueueNames.JourneyWork, Ct);
        Assert.True((await queue.GetPropertiesAsync(Ct)).Value.ApproximateMessagesCount >= 1);
        Assert.Equal(state.Sequence, (await app.StateAsync(id)).Sequence);
    }

    [Fact]
    public async Task The_repair_pass_wakes_an_instance_whose_start_message_was_lost()
    {
        await using var app = await JourneyTestApp.StartAsync(azurite);
        await app.AddUsersAsync("stranded");
        var id = (await app.Services.GetRequiredService<JourneyEnroller>().StartAsync("probe", "stranded", null, Ct)).InstanceId!;
        await app.ClearQueueAsync();
        Assert.Equal(InstanceStatus.Pending, (await app.StateAsync(id)).Status);

        app.Clock.Advance(TimeSpan.FromMinutes(3));
        var woken = await app.Services.GetRequiredService<JourneyRepair>().RunAsync(Ct);
        await app.PumpAsync();

        Assert.Equal(1, woken);
        Assert.Equal((InstanceStatus.Running, 1), ((await app.StateAsync(id)).Status, (await app.StateAsync(id)).Sends));
    }

    [Fact]
    public async Task A_repeated_or_older_handoff_starts_nothing_and_a_user_is_in_one_journey_at_a_time()
    {
        await using var app = await JourneyTestApp.StartAsync(azurite);
        await app.AddUsersAsync("vip");
        var enroller = app.Services.GetRequiredService<JourneyEnroller>();
        var day = new DateOnly(2026, 11, 23);

        var first = await enroller.EnrollAsync(Handoff("vip", day, ValueTier.High), Ct);
        var repeated = await enroller.EnrollAsync(Handoff("vip", day, ValueTier.High), Ct);
        var older = await enroller.EnrollAsync(Handoff("vip", day.AddDays(-1), ValueTier.High), Ct);
        var newer = await enroller.EnrollAsync(Handoff("vip", day.AddDays(1), ValueTier.Low), Ct);

        Assert.Equal(("high-value~vip~1", true), (first.InstanceId, first.Started));
        Assert.Equal(("high-value~vip~1", false), (repeated.InstanceId, repeated.Started));
        Assert.False(older.Started);
        Assert.Contains("not newer", older.Reason, StringComparison.Ordinal);
        Assert.False(newer.Started);
        Assert.Contains("already in high-value~vip~1", newer.Reason, StringComparison.Ordinal);
        Assert.Equal(1, (await app.Store.GetMemberAsync("vip", Ct)).Member.Runs);
    }

    [Fact]
    public async Task A_new_version_is_taken_by_new_enrollments_while_a_running_instance_keeps_its_version()
    {
        await using var app = await JourneyTestApp.StartAsync(azurite);
        await app.AddUsersAsync("old", "new");
        var enroller = app.Services.GetRequiredService<JourneyEnroller>();
        var before = await enroller.StartAsync("probe", "old", null, Ct);
        await app.PumpAsync();

        var (v2, problems) = await app.Services.GetRequiredService<JourneyLibrary>().PublishAsync(
            JourneyTestApp.ProbeJson.Replace("\"version\": 1", "\"version\": 2", StringComparison.Ordinal).Replace("\"2d\"", "\"1d\"", StringComparison.Ordinal), Ct);
        Assert.Empty(problems);
        var after = await enroller.StartAsync("probe", "new", null, Ct);
        await app.PumpAsync();
        app.Clock.Advance(TimeSpan.FromDays(1));
        await app.WakeAsync(before.InstanceId!);
        await app.WakeAsync(after.InstanceId!);

        Assert.Equal(2, v2!.Version);
        Assert.Equal((1, InstanceStatus.Running), ((await app.StateAsync(before.InstanceId!)).Version, (await app.StateAsync(before.InstanceId!)).Status));
        Assert.Equal((2, InstanceStatus.Completed), ((await app.StateAsync(after.InstanceId!)).Version, (await app.StateAsync(after.InstanceId!)).Status));
    }

    [Fact]
    public async Task An_answer_that_arrives_after_an_operator_terminated_the_instance_is_still_recorded()
    {
        var hook = new DuringSend();
        await using var app = await JourneyTestApp.StartAsync(azurite, s => s.AddSingleton<IMessageChannel>(sp => hook.Wrapping(sp.GetRequiredService<OutboxChannel>())));
        await app.AddUsersAsync("cut-off");
        var id = (await app.Services.GetRequiredService<JourneyEnroller>().StartAsync("probe", "cut-off", null, Ct)).InstanceId!;
        hook.Action = () => app.Engine.ControlAsync(id, new TerminateTrigger("campaign stopped"), Ct);

        await app.PumpAsync();

        var state = await app.StateAsync(id);
        Assert.Equal((InstanceStatus.Terminated, 0), (state.Status, state.Sends));
        Assert.Equal("Sent", Assert.Single(await app.Store.SendsAsync(id, Ct)).GetString("Status"));
        Assert.Single(await app.OutboxAsync("cut-off"));
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

    /// <summary>Fails the first N calls transiently, then delegates; records every key it was called with.</summary>
    private sealed class FlakyChannel(int failures)
    {
        private readonly ConcurrentQueue<string> _keys = new();
        private readonly int _failures = failures;
        private int _calls;

        public IReadOnlyList<string> Keys => [.. _keys];

        public IMessageChannel Wrapping(IMessageChannel inner) => new Wrapper(this, inner);

        private sealed class Wrapper(FlakyChannel owner, IMessageChannel inner) : IMessageChannel
        {
            public Task<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
            {
                owner._keys.Enqueue(message.SendKey);
                return Interlocked.Increment(ref owner._calls) <= owner._failures
                    ? Task.FromResult(SendResult.Transient("provider answered 503"))
                    : inner.SendAsync(message, cancellationToken);
            }
        }
    }

    /// <summary>Runs an action while the channel is sending (an operator acting mid-send), then delivers.</summary>
    private sealed class DuringSend
    {
        public Func<Task<ControlOutcome>>? Action { get; set; }

        public IMessageChannel Wrapping(IMessageChannel inner) => new Wrapper(this, inner);

        private sealed class Wrapper(DuringSend owner, IMessageChannel inner) : IMessageChannel
        {
            public async Task<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
            {
                if (owner.Action is { } action)
                {
                    await action();
                }

                return await inner.SendAsync(message, cancellationToken);
            }
        }
    }
}
