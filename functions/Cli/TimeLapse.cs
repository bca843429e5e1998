using Microsoft.DurableTask.Client;
using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using Reactivation.Core.Activity;
using Reactivation.Core.Journeys;
using Reactivation.Core.Measurement;
using Reactivation.Core.Measurement.Simulation;
using Reactivation.Functions.Handlers;
using Reactivation.Functions.Hosting;
using Reactivation.Infra.Ingestion;
using Reactivation.Infra.Journeys;
using Reactivation.Infra.Orchestration;
using Reactivation.Infra.Local;
using Reactivation.Infra.Measurement;
using Reactivation.Infra.Storage;
using Reactivation.Infra.Tracking;

namespace Reactivation.Functions.Cli;

/// <summary>
/// Runs the journey stage on a simulated clock, one simulated day per tick, over users whose behaviour is known
/// (<see cref="ReturnBehaviour"/>): each day the journeys' timers come due, the simulated users read what was sent to
/// them, tap tracked links, come back (or not, as their fate says), buy, and the metrics are rolled up as the timer would.
/// Everything goes through the app's own services and queues; only the users and their carrier are simulated.
/// </summary>
/// <remarks>
/// The queues are pumped here rather than by the host's listeners, and every journey orchestration the moved clock can
/// wake, or that the day's clicks and returns reached, is ticked and waited for (see <see cref="JourneyTicks"/>), so a
/// simulated day ends exactly when its work is done.
/// The clock must stand at the users' morning (the demo starts at 10:00 in Shanghai), so every day's sends fall in the
/// send window.
/// </remarks>
public sealed partial class TimeLapse(IServiceProvider services, ShiftedClock clock, ReturnBehaviour behaviour, int seed)
{
    private const int Parallelism = 16;
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan ClickPause = TimeSpan.FromMinutes(2);
    private const string PhoneBrowser = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1";

    private readonly Dictionary<string, Member> _members = new(StringComparer.Ordinal);
    private readonly HashSet<string> _seenSends = new(StringComparer.Ordinal);
    private readonly List<(int Day, ActivityEvent Event)> _scheduled = [];
    private readonly List<(int Day, string Token, string UserId)> _clicks = [];
    private readonly Dictionary<string, string> _instanceOf = new(StringComparer.Ordinal);
    private DateTimeOffset _dayZero;

    /// <summary>Enrolls the waiting hand-offs and runs the first sends (day 0).</summary>
    /// <returns>Instances started.</returns>
    public async Task<int> StartAsync(CancellationToken cancellationToken)
    {
        _dayZero = clock.GetUtcNow();
        await PumpAsync(cancellationToken).ConfigureAwait(false);
        var library = services.GetRequiredService<JourneyLibrary>();
        await foreach (var instance in JourneyConsole.AllAsync(Client, new InstanceQuery(null, null, null, null), cancellationToken).ConfigureAwait(false))
        {
            var state = instance.State;
            var definition = await library.GetAsync(state.JourneyId, state.Version, cancellationToken).ConfigureAwait(false);
            var p0 = behaviour.NaturalReturn(state.Context.Band, state.Context.EarlyWarning);
            _instanceOf[state.UserId] = state.InstanceId;
            _members[state.UserId] = new Member(state.UserId, state.JourneyId, ArmNames.Of(definition, state), state.HeldOut, state.Context.Tier,
                SimulatedUser.Draw(seed, state.UserId, p0, behaviour.WindowDays));
        }

        await ReadOutboxAsync(0, cancellationToken).ConfigureAwait(false);
        await services.GetRequiredService<MetricsStore>().RollUpAsync(cancellationToken).ConfigureAwait(false);
        return _members.Count;
    }

    /// <summary>Runs simulated day <paramref name="day"/>: the clock moves a day, timers fire, users act, metrics roll up.</summary>
    public async Task<TimeLapseDay> RunDayAsync(int day, CancellationToken cancellationToken)
    {
        // Each day starts at the same hour: its timers fire, then yesterday's readers tap their links a little later.
        clock.Advance(_dayZero.AddDays(day) - clock.GetUtcNow());
        await JourneyTicks.AdvanceAsync(Client, clock.GetUtcNow(), Patience, null, cancellationToken).ConfigureAwait(false);
        await PumpAsync(cancellationToken).ConfigureAwait(false);
        var clicks = _clicks.Where(c => c.Day == day).ToList();
        _clicks.RemoveAll(c => c.Day == day);
        var clickBack = services.GetRequiredService<ClickBack>();
        foreach (var click in clicks)
        {
            await clickBack.FollowAsync(click.Token, "GET", PhoneBrowser, null, cancellationToken).ConfigureAwait(false);
        }

        clock.Advance(ClickPause);
        var sent = await ReadOutboxAsync(day, cancellationToken).ConfigureAwait(false);

        foreach (var member in _members.Values.Where(m => m.Fate.NaturalDay == day && m.ReturnedOn is null))
        {
            Return(member, day, prompted: false);
        }

        var today = _scheduled.Where(s => s.Day == day).Select(s => s.Event).ToList();
        _scheduled.RemoveAll(s => s.Day == day);
        if (today.Count > 0)
        {
            var ingested = await services.GetRequiredService<ActivityIngestor>().IngestAsync(today, cancellationToken).ConfigureAwait(false);
            await services.GetRequiredService<JourneyEvents>().RaiseFromActivityAsync(Client, today, ingested.Enrolled, Parallelism, cancellationToken).ConfigureAwait(false);
        }
        await PumpAsync(cancellationToken).ConfigureAwait(false);

        // The day's clicks and returns are events on instances that may be asleep (not due, so not ticked this morning):
        // a tick behind them is how the day knows they have been taken before it rolls up.
        var touched = clicks.Select(c => c.UserId).Concat(today.Select(e => e.UserId))
            .Select(user => _instanceOf.GetValueOrDefault(user)).OfType<string>().ToHashSet(StringComparer.Ordinal);
        await JourneyTicks.AdvanceAsync(Client, clock.GetUtcNow(), touched.Contains, Patience, null, cancellationToken).ConfigureAwait(false);
        await services.GetRequiredService<MetricsStore>().RollUpAsync(cancellationToken).ConfigureAwait(false);
        var returnedToday = _members.Values.Where(m => m.ReturnedOn == day).ToList();
        return new TimeLapseDay(day, clock.GetUtcNow(), sent, clicks.Count, returnedToday.Count(m => !m.HeldOut), returnedToday.Count(m => m.HeldOut));
    }

    /// <summary>Per journey: the users, returns and true lift of each side, as the simulation itself counted them.</summary>
    public IReadOnlyList<TimeLapseTruth> Truth() => _members.Values.GroupBy(m => m.JourneyId).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
    {
        var treated = g.Where(m => !m.HeldOut).ToList();
        var untreated = g.Where(m => m.HeldOut).ToList();
        var trueLift = treated.Count == 0 ? 0 : treated.Average(m => ReturnBehaviour.TrueLift(m.Fate.NaturalReturn, m.FirstResponse ?? 0));
        bool InWindow(Member m) => m.ReturnedOn is { } day && day < behaviour.WindowDays;
        return new TimeLapseTruth(g.Key, treated.Count, treated.Count(InWindow), untreated.Count, untreated.Count(InWindow), trueLift);
    }).ToList();

    // The simulated carrier delivers each new message; the user reads their first one and answers it as their fate says.
    private async Task<int> ReadOutboxAsync(int day, CancellationToken cancellationToken)
    {
        var outbox = await services.GetRequiredService<OutboxChannel>().AllAsync(cancellationToken).ConfigureAwait(false);
        var fresh = outbox.Where(row => _seenSends.Add(row.RowKey)).OrderBy(row => row.GetDateTimeOffset("SentAt")).ToList();
        var recorder = services.GetRequiredService<MeasurementRecorder>();
        await Parallel.ForEachAsync(fresh, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (row, ct) =>
            await recorder.DeliveredAsync(row.RowKey, (row.GetDateTimeOffset("SentAt") ?? clock.GetUtcNow()).AddSeconds(5), ct).ConfigureAwait(false)).ConfigureAwait(false);
        foreach (var row in fresh)
        {
            if (!_members.TryGetValue(row.PartitionKey, out var member) || member.FirstResponse is not null || member.ReturnedOn is not null)
            {
                continue;
            }

            var channel = Enum.Parse<Channel>(row.GetString("Channel") ?? nameof(Channel.Sms));
            member.FirstResponse = behaviour.Response(member.Tier, channel, withOffer: !string.IsNullOrEmpty(row.GetString("Offer")));
            if (!member.Fate.Answers(member.FirstResponse.Value))
            {
                continue;
            }

            // They read it the next morning: tap the tracked link if the message has one, then come back.
            if (TrackedLink().Match(row.GetString("Body") ?? "") is { Success: true } link)
            {
                _clicks.Add((day + 1, link.Groups["token"].Value, member.UserId));
            }

            Return(member, day + 1, prompted: true);
        }

        return fresh.Count;
    }

    private void Return(Member member, int day, bool prompted)
    {
        member.ReturnedOn = day;
        var random = new Random((int)(StableHash.Of(member.UserId, "after-return", seed.ToString(System.Globalization.CultureInfo.InvariantCulture)) & int.MaxValue));
        // A prompted return follows the morning's click; an unprompted one happens some time before.
        var at = prompted ? _dayZero.AddDays(day) + ClickPause / 2 : _dayZero.AddDays(day).AddMinutes(-90 + random.Next(60));
        var n = 0;
        void Schedule(int onDay, ActivityType type, DateTimeOffset when, decimal? amount = null) =>
            _scheduled.Add((onDay, new ActivityEvent($"sim-{member.UserId}-{n++}", member.UserId, type, when, amount, amount is null ? null : "CNY", amount)));

        Schedule(day, ActivityType.Login, at);
        if (random.NextDouble() < (prompted ? 0.5 : 0.4))
        {
            Schedule(day, ActivityType.Purchase, at.AddMinutes(20), decimal.Round((decimal)Math.Exp(3 + random.NextDouble() * 2.5), 2));
        }

        // Most returned users stay: another visit, often with a purchase, within the month.
        if (random.NextDouble() < 0.65)
        {
            var later = day + random.Next(3, 26);
            Schedule(later, ActivityType.Login, _dayZero.AddDays(later).AddMinutes(-80));
            if (random.NextDouble() < 0.6)
            {
                Schedule(later, ActivityType.Purchase, _dayZero.AddDays(later).AddMinutes(-70), decimal.Round((decimal)Math.Exp(3 + random.NextDouble() * 2.5), 2));
            }
        }
    }

    private DurableTaskClient Client => services.GetRequiredService<DurableTaskClient>();

    // Handles every visible message on the stage's queues, many at a time, until none is left, then waits until every
    // journey orchestration has done what they started.
    private async Task PumpAsync(CancellationToken cancellationToken)
    {
        var account = services.GetRequiredService<StorageAccount>();
        var enrollment = services.GetRequiredService<EnrollmentHandler>();
        var clickWork = services.GetRequiredService<ClickWorkHandler>();
        var queues = new (string Name, Func<string, CancellationToken, Task<string>> Handle)[]
        {
            (QueueNames.Enrollments, (message, ct) => enrollment.HandleAsync(message, Client, ct)),
            (QueueNames.ClickWork, (message, ct) => clickWork.HandleAsync(message, Client, ct)),
        };
        while (true)
        {
            var handled = 0;
            foreach (var (name, handle) in queues)
            {
                var queue = await account.QueueAsync(name, cancellationToken).ConfigureAwait(false);
                while ((await queue.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(2), cancellationToken).ConfigureAwait(false)).Value is { Length: > 0 } messages)
                {
                    await Parallel.ForEachAsync(messages, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (message, ct) =>
                    {
                        await handle(message.Body.ToString(), ct).ConfigureAwait(false);
                        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, ct).ConfigureAwait(false);
                    }).ConfigureAwait(false);
                    handled += messages.Length;
                }
            }

            if (handled == 0)
            {
                await JourneyTicks.SettleAsync(Client, 0, new HashSet<string>(), Patience, null, cancellationToken).ConfigureAwait(false);
                return;
            }
        }
    }

    [GeneratedRegex(@"/r/(?<token>[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+)")]
    private static partial Regex TrackedLink();

    private sealed class Member(string userId, string journeyId, string arm, bool heldOut, Core.Silence.ValueTier tier, SimulatedUser fate)
    {
        public string UserId { get; } = userId;

        public string JourneyId { get; } = journeyId;

        public string Arm { get; } = arm;

        public bool HeldOut { get; } = heldOut;

        public Core.Silence.ValueTier Tier { get; } = tier;

        public SimulatedUser Fate { get; } = fate;

        public double? FirstResponse { get; set; }

        public int? ReturnedOn { get; set; }
    }
}

/// <summary>What one simulated day did.</summary>
public sealed record TimeLapseDay(int Day, DateTimeOffset At, int Sent, int Clicks, int TreatedReturns, int UntreatedReturns);

/// <summary>One journey as the simulation counted it, with the true lift it used.</summary>
public sealed record TimeLapseTruth(string JourneyId, int Treated, int TreatedReturned, int Untreated, int UntreatedReturned, double TrueLift);
