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
/// date) comes first; scheduling the orchestration under that deterministic id follows, by the claimer alone: Durable's
/// Azure Storage provider does not make two schedules of one id atomic, and two executions of one id lose messages.
/// Another enrollment that finds a claim whose instance Durable does not have yet waits for the claimer; once the claim
/// is older than <see cref="JourneyOptions.EnrollmentClaimTimeout"/> the claimer died in between, and the enrollment
/// takes the claim over with a conditional write (so only one does) and schedules it: the redelivered hand-off, a
/// repeated operator start, or the next enrollment of the user. A repeated or older hand-off is recognised by its date
/// and starts nothing. The user is free again once Durable reports the instance ended, however it ended (even
/// terminated by an operator), so a lost release never locks a user out.
/// </remarks>
public sealed class JourneyEnroller(
    JourneyStore store, JourneyLibrary library, ProfileWriter profiles, JourneyOptions options, Messaging.ConfiguredChannels channels, TimeProvider clock,
    Measurement.MeasurementRecorder? measurement = null)
{
    private const int MaxAttempts = 20;

    // How often a waiting enrollment looks again for the claimer's instance.
    private static readonly TimeSpan ClaimPoll = TimeSpan.FromMilliseconds(250);

    private enum Claim
    {
        /// <summary>The user is in no journey.</summary>
        None,

        /// <summary>The claimed instance exists and has not ended.</summary>
        Live,

        /// <summary>The claimed instance was never scheduled and its claimer is gone.</summary>
        Orphaned,
    }

    /// <summary>Enrolls the user of <paramref name="handoff"/> in the journey its entry rules pick, if any.</summary>
    public async Task<EnrollmentResult> EnrollAsync(DurableTaskClient client, EnrollmentHandoff handoff, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var (member, etag, claim) = await CurrentMemberAsync(client, handoff.UserId, cancellationToken).ConfigureAwait(false);
            if (member.ActiveInstanceId is { } active && member.LastHandoffDate == handoff.SweepDate)
            {
                if (claim == Claim.Live)
                {
                    return new EnrollmentResult(active, false, $"hand-off {handoff.HandoffId} was already enrolled");
                }

                // This hand-off claimed the user before and its enrollment died before scheduling: finish it.
                if (!await TakeOverAsync(member, etag, attempt, cancellationToken).ConfigureAwait(false))
                {
                    continue;
                }

                var (journey, run) = await ClaimedAsync(active, cancellationToken).ConfigureAwait(false);
                var resumedContext = await ContextAsync(handoff.UserId, handoff, cancellationToken).ConfigureAwait(false);
                var resumed = await CreateAndStartAsync(client, journey, handoff.UserId, run, resumedContext, $"hand-off {handoff.HandoffId} (resumed)", cancellationToken)
                    .ConfigureAwait(false);
                return new EnrollmentResult(active, resumed, "created after an interrupted enrollment");
            }

            if (claim == Claim.Orphaned)
            {
                member = member with { ActiveInstanceId = null };
            }

            var now = clock.GetUtcNow();
            var choice = JourneyRouter.Choose(await library.LatestAsync(cancellationToken).ConfigureAwait(false), handoff, member, now);
            if (choice.Journey is not { } chosen)
            {
                return new EnrollmentResult(null, false, choice.Reason);
            }

            var next = member.Runs + 1;
            var instanceId = JourneyState.IdFor(chosen.Id, handoff.UserId, next);
            try
            {
                // Marked before the claim, so ingestion never takes a member for a user no journey has seen.
                await profiles.MarkEnrolledAsync(handoff.UserId, cancellationToken).ConfigureAwait(false);
                await store.SaveMemberAsync(member with { ActiveInstanceId = instanceId, Runs = next, LastHandoffDate = handoff.SweepDate, LastInstanceId = instanceId, Marks = MeasurementMarks.None }, etag, cancellationToken)
                    .ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412 && attempt < MaxAttempts)
            {
                await Backoff.DelayAsync(attempt, cancellationToken).ConfigureAwait(false);
                continue;
            }

            var context = await ContextAsync(handoff.UserId, handoff, cancellationToken).ConfigureAwait(false);
            await CreateAndStartAsync(client, chosen, handoff.UserId, next, context, $"hand-off {handoff.HandoffId}: {choice.Reason}", cancellationToken).ConfigureAwait(false);
            return new EnrollmentResult(instanceId, true, choice.Reason);
        }
    }

    /// <summary>Starts <paramref name="journeyId"/> for a user by hand (the management API), bypassing entry rules and cooldown but not the one-journey rule.</summary>
    /// <returns>The result; <see cref="EnrollmentResult.Started"/> is false when the user is already in a journey.</returns>
    /// <remarks>
    /// A start repeated after the first died between claiming and scheduling (the caller retries a request that got no
    /// answer) schedules the claimed instance, so the user is not left claimed by an instance that never runs.
    /// </remarks>
    /// <exception cref="KeyNotFoundException">No such journey.</exception>
    public async Task<EnrollmentResult> StartAsync(DurableTaskClient client, string journeyId, string userId, JourneyContext? context, CancellationToken cancellationToken)
    {
        var journey = (await library.LatestAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(j => j.Id == journeyId)
            ?? throw new KeyNotFoundException($"no journey '{journeyId}'");
        for (var attempt = 1; ; attempt++)
        {
            var (member, etag, claim) = await CurrentMemberAsync(client, userId, cancellationToken).ConfigureAwait(false);
            if (member.ActiveInstanceId is { } active && claim == Claim.Live)
            {
                return new EnrollmentResult(active, false, $"the user is already in {active}");
            }

            int run;
            if (member.ActiveInstanceId is { } orphan && ParseId(orphan).JourneyId == journeyId)
            {
                if (!await TakeOverAsync(member, etag, attempt, cancellationToken).ConfigureAwait(false))
                {
                    continue;
                }

                run = ParseId(orphan).Run;
            }
            else
            {
                run = member.Runs + 1;
                var claimed = JourneyState.IdFor(journey.Id, userId, run);
                try
                {
                    await profiles.MarkEnrolledAsync(userId, cancellationToken).ConfigureAwait(false);
                    await store.SaveMemberAsync(member with { ActiveInstanceId = claimed, Runs = run, LastInstanceId = claimed, Marks = MeasurementMarks.None }, etag, cancellationToken)
                        .ConfigureAwait(false);
                }
                catch (RequestFailedException ex) when (ex.Status is 409 or 412 && attempt < MaxAttempts)
                {
                    await Backoff.DelayAsync(attempt, cancellationToken).ConfigureAwait(false);
                    continue;
                }
            }

            var profileContext = await ContextAsync(userId, null, cancellationToken).ConfigureAwait(false);
            var merged = context is null ? profileContext : context with { Reachable = profileContext.Reachable, Locale = profileContext.Locale, TimeZone = profileContext.TimeZone };
            await CreateAndStartAsync(client, journey, userId, run, merged, "started by an operator", cancellationToken).ConfigureAwait(false);
            return new EnrollmentResult(JourneyState.IdFor(journey.Id, userId, run), true, "started by an operator");
        }
    }

    // The membership as it stands: a pointer to an ended instance is cleared (a lost release never locks a user out); a
    // pointer to an instance Durable does not have is waited on while its claim is young (the claimer is scheduling it)
    // and reported orphaned once the claim has outlived the timeout.
    private async Task<(JourneyMembership Member, ETag ETag, Claim Claim)> CurrentMemberAsync(DurableTaskClient client, string userId, CancellationToken cancellationToken)
    {
        while (true)
        {
            var (member, etag, writtenAt) = await store.GetMemberAsync(userId, cancellationToken).ConfigureAwait(false);
            if (member.ActiveInstanceId is not { } active)
            {
                return (member, etag, Claim.None);
            }

            var instance = await client.GetInstanceAsync(active, getInputsAndOutputs: false, cancellationToken).ConfigureAwait(false);
            if (instance is { IsCompleted: true } ended)
            {
                return (member with { ActiveInstanceId = null, LastEndedAt = ended.LastUpdatedAt }, etag, Claim.None);
            }

            if (instance is not null)
            {
                return (member, etag, Claim.Live);
            }

            // The claim's age is storage's own time against the machine's, not the journey clock, which a time-lapse moves.
            var age = TimeProvider.System.GetUtcNow() - (writtenAt ?? DateTimeOffset.MinValue);
            if (age >= options.EnrollmentClaimTimeout)
            {
                return (member, etag, Claim.Orphaned);
            }

            await Task.Delay(ClaimPoll, cancellationToken).ConfigureAwait(false);
        }
    }

    // Rewrites the claim unchanged under its ETag: the write renews the claim's age, and of several enrollments finding
    // one orphaned claim only the first to write schedules it.
    private async Task<bool> TakeOverAsync(JourneyMembership member, ETag etag, int attempt, CancellationToken cancellationToken)
    {
        try
        {
            await store.SaveMemberAsync(member, etag, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412 && attempt < MaxAttempts)
        {
            await Backoff.DelayAsync(attempt, cancellationToken).ConfigureAwait(false);
            return false;
        }
    }

    private async Task<(JourneyDefinition Journey, int Run)> ClaimedAsync(string instanceId, CancellationToken cancellationToken)
    {
        var (journeyId, run) = ParseId(instanceId);
        var journey = (await library.LatestAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(j => j.Id == journeyId)
            ?? throw new KeyNotFoundException($"the claimed instance {instanceId} names no published journey");
        return (journey, run);
    }

    // Inverse of JourneyState.IdFor: the journey id has no '~' and the run is last (a user id may hold one).
    private static (string JourneyId, int Run) ParseId(string instanceId) =>
        (instanceId[..instanceId.IndexOf('~', StringComparison.Ordinal)],
         int.Parse(instanceId[(instanceId.LastIndexOf('~') + 1)..], System.Globalization.CultureInfo.InvariantCulture));

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
        return await JourneyInstances.StartAsync(client, JourneyRun.Start(JourneyJson.Write(journey), state, options.RunSettings), cancellationToken).ConfigureAwait(false);
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
