using Azure;
using Microsoft.DurableTask.Client;
using Reactivation.Core.Journeys;
using Reactivation.Core.Measurement;
using Reactivation.Core.Profiles;
using Reactivation.Core.Sweeps;
using Reactivation.Infra.Ingestion;
using Reactivation.Infra.Orchestration;
using Reactivation.Infra.Storage;

namespace Reactivation.Infra.Journeys;

/// <summary>
/// Turns sweep hand-offs (and manual starts) into journey orchestrations: at most one active journey per user, chosen by
/// the entry rules, started idempotently.
/// </summary>
/// <remarks>
/// The membership row is the guard. Claiming it (an ETag-conditioned write naming the new instance and the hand-off's
/// date) comes first; scheduling the orchestration under that deterministic id follows. A crash in between is finished
/// by the redelivered hand-off (same date: schedule again, which Durable refuses if it was scheduled already), and a
/// repeated or older hand-off is recognised by its date and starts nothing. The user is free again once Durable reports
/// the instance ended, however it ended (even terminated by an operator), so a lost release never locks a user out.
/// </remarks>
public sealed class JourneyEnroller(
    JourneyStore store, JourneyLibrary library, ProfileWriter profiles, JourneyOptions options, Messaging.ConfiguredChannels channels, TimeProvider clock,
    Measurement.MeasurementRecorder? measurement = null)
{
    private const int MaxAttempts = 20;

    // How long a claim may point at an instance that does not exist before another enrollment may take the user over:
    // long enough for the claimer to create it, short enough that a claimer that died does not block the user for long.
    private static readonly TimeSpan ClaimLifetime = TimeSpan.FromMinutes(2);

    /// <summary>Enrolls the user of <paramref name="handoff"/> in the journey its entry rules pick, if any.</summary>
    public async Task<EnrollmentResult> EnrollAsync(DurableTaskClient client, EnrollmentHandoff handoff, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var (member, etag) = await CurrentMemberAsync(client, handoff.UserId, handoff.SweepDate, cancellationToken).ConfigureAwait(false);
            if (member.ActiveInstanceId is { } active && member.LastHandoffDate == handoff.SweepDate)
            {
                // This hand-off claimed the membership before; make sure its instance exists and is started.
                var finished = await EnsureCreatedAsync(client, active, handoff, cancellationToken).ConfigureAwait(false);
                return new EnrollmentResult(active, finished, finished ? "created after an interrupted enrollment" : $"hand-off {handoff.HandoffId} was already enrolled");
            }

            var now = clock.GetUtcNow();
            var choice = JourneyRouter.Choose(await library.LatestAsync(cancellationToken).ConfigureAwait(false), handoff, member, now);
            if (choice.Journey is not { } journey)
            {
                return new EnrollmentResult(null, false, choice.Reason);
            }

            var run = member.Runs + 1;
            var instanceId = JourneyState.IdFor(journey.Id, handoff.UserId, run);
            try
            {
                await store.SaveMemberAsync(member with { ActiveInstanceId = instanceId, Runs = run, LastHandoffDate = handoff.SweepDate, LastInstanceId = instanceId, Marks = MeasurementMarks.None }, etag, cancellationToken)
                    .ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412 && attempt < MaxAttempts)
            {
                await Backoff.DelayAsync(attempt, cancellationToken).ConfigureAwait(false);
                continue;
            }

            var context = await ContextAsync(handoff.UserId, handoff, cancellationToken).ConfigureAwait(false);
            await CreateAndStartAsync(client, journey, handoff.UserId, run, context, $"hand-off {handoff.HandoffId}: {choice.Reason}", cancellationToken).ConfigureAwait(false);
            return new EnrollmentResult(instanceId, true, choice.Reason);
        }
    }

    /// <summary>Starts <paramref name="journeyId"/> for a user by hand (the management API), bypassing entry rules and cooldown but not the one-journey rule.</summary>
    /// <returns>The result; <see cref="EnrollmentResult.Started"/> is false when the user is already in a journey.</returns>
    /// <exception cref="KeyNotFoundException">No such journey.</exception>
    public async Task<EnrollmentResult> StartAsync(DurableTaskClient client, string journeyId, string userId, JourneyContext? context, CancellationToken cancellationToken)
    {
        var journey = (await library.LatestAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(j => j.Id == journeyId)
            ?? throw new KeyNotFoundException($"no journey '{journeyId}'");
        for (var attempt = 1; ; attempt++)
        {
            var (member, etag) = await CurrentMemberAsync(client, userId, null, cancellationToken).ConfigureAwait(false);
            if (member.ActiveInstanceId is { } active)
            {
                return new EnrollmentResult(active, false, $"the user is already in {active}");
            }

            var run = member.Runs + 1;
            var instanceId = JourneyState.IdFor(journey.Id, userId, run);
            try
            {
                await store.SaveMemberAsync(member with { ActiveInstanceId = instanceId, Runs = run, LastInstanceId = instanceId, Marks = MeasurementMarks.None }, etag, cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412 && attempt < MaxAttempts)
            {
                await Backoff.DelayAsync(attempt, cancellationToken).ConfigureAwait(false);
                continue;
            }

            var profileContext = await ContextAsync(userId, null, cancellationToken).ConfigureAwait(false);
            var merged = context is null ? profileContext : context with { Reachable = profileContext.Reachable, Locale = profileContext.Locale, TimeZone = profileContext.TimeZone };
            await CreateAndStartAsync(client, journey, userId, run, merged, "started by an operator", cancellationToken).ConfigureAwait(false);
            return new EnrollmentResult(instanceId, true, "started by an operator");
        }
    }

    // The membership, with a pointer to an ended instance cleared (a lost release never locks a user out), and a pointer
    // to an instance that was never created cleared once the claim is stale, unless this is the claiming hand-off again.
    private async Task<(JourneyMembership Member, ETag ETag)> CurrentMemberAsync(DurableTaskClient client, string userId, DateOnly? handoffDate, CancellationToken cancellationToken)
    {
        var (member, etag, writtenAt) = await store.GetMemberAsync(userId, cancellationToken).ConfigureAwait(false);
        if (member.ActiveInstanceId is not { } active)
        {
            return (member, etag);
        }

        var instance = await client.GetInstanceAsync(active, getInputsAndOutputs: false, cancellationToken).ConfigureAwait(false);
        if (instance is { IsCompleted: true } ended)
        {
            return (member with { ActiveInstanceId = null, LastEndedAt = ended.LastUpdatedAt }, etag);
        }

        var abandoned = instance is null && member.LastHandoffDate != handoffDate && clock.GetUtcNow() - (writtenAt ?? DateTimeOffset.MinValue) > ClaimLifetime;
        return abandoned ? (member with { ActiveInstanceId = null }, etag) : (member, etag);
    }

    private async Task<bool> EnsureCreatedAsync(DurableTaskClient client, string instanceId, EnrollmentHandoff handoff, CancellationToken cancellationToken)
    {
        if (await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken).ConfigureAwait(false) is not null)
        {
            return false;
        }

        var parts = instanceId.Split('~');
        var journeyId = parts[0];
        var run = int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture);
        var journey = (await library.LatestAsync(cancellationToken).ConfigureAwait(false)).First(j => j.Id == journeyId);
        var context = await ContextAsync(handoff.UserId, handoff, cancellationToken).ConfigureAwait(false);
        return await CreateAndStartAsync(client, journey, handoff.UserId, run, context, $"hand-off {handoff.HandoffId} (resumed)", cancellationToken).ConfigureAwait(false);
    }

    // Measurement and the first history row are keyed by the instance, so a repeated start writes them again harmlessly;
    // the orchestration carries the definition as published, so a later version never changes a running instance.
    private async Task<bool> CreateAndStartAsync(
        DurableTaskClient client, JourneyDefinition journey, string userId, int run, JourneyContext context, string why, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var heldOut = options.Holdout.Contains(userId);
        var control = !heldOut && journey.Measurement.InControl(userId, journey.Id);
        var state = JourneyState.New(journey, userId, run, context, heldOut || control, now) with { Control = control };
        await (measurement?.EnrolledAsync(journey, state, cancellationToken) ?? Task.CompletedTask).ConfigureAwait(false);
        await store.RecordDecisionAsync(state, JourneyTimeline.Lines([new Core.Journeys.Events.Enrolled(now, journey.Key, why, heldOut, control)]), cancellationToken)
            .ConfigureAwait(false);
        return await JourneyInstances.StartAsync(client, new JourneyRun(JourneyJson.Write(journey), state, [], options.RunSettings), cancellationToken).ConfigureAwait(false);
    }

    private async Task<JourneyContext> ContextAsync(string userId, EnrollmentHandoff? handoff, CancellationToken cancellationToken)
    {
        var profile = await profiles.GetAsync(userId, cancellationToken).ConfigureAwait(false);
        var contact = profile?.Contact ?? ContactPoints.None;
        return new JourneyContext
        {
            Reason = handoff?.Reason ?? HandoffReason.BecameSilent,
            Band = handoff?.Band ?? default,
            Tier = handoff?.Tier ?? default,
            Cause = handoff?.Cause ?? default,
            EarlyWarning = handoff?.EarlyWarning ?? false,
            Reachable = Reachability.Of(contact, channels.Channels),
            SpendPer30Before = SpendPer30(profile),
            Locale = contact.Locale,
            TimeZone = contact.TimeZone,
        };
    }

    // Lifetime spend per 30 days while the user was active (first seen to last activity, at least 30 days): what a
    // returned user's spend afterwards is compared with.
    private static double SpendPer30(UserProfile? profile)
    {
        if (profile is not { TotalSpend: > 0, FirstSeenAt: { } first })
        {
            return 0;
        }

        var activeDays = Math.Max(30, ((profile.LastActivityAt ?? first) - first).TotalDays);
        return (double)profile.TotalSpend / activeDays * 30;
    }
}
