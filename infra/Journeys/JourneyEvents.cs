using Microsoft.DurableTask.Client;
using Reactivation.Core.Activity;
using Reactivation.Core.Journeys;
using Reactivation.Infra.Orchestration;

namespace Reactivation.Infra.Journeys;

/// <summary>
/// Raises events from outside (returns, complaints, clicks, replies, opt-outs) on users' running journey orchestrations,
/// under the one event name the orchestration waits for; the orchestration takes an event id once.
/// </summary>
/// <remarks>
/// A click or a reply also counts as the user answering, which resets the contact policy's fatigue count. A return is
/// credited to the last touch within the attribution window before it is raised (when attributions are kept). It is
/// raised, and ends the journey, whether or not a touch falls in the window: a user who came back is never messaged as
/// silent again; the window only decides whether the journey gets the credit.
/// </remarks>
public sealed class JourneyEvents(
    JourneyStore store, TimeProvider clock, Policy.ContactLedger? ledger = null, Tracking.AttributionLedger? attributions = null,
    Measurement.MeasurementRecorder? measurement = null)
{
    /// <summary>Raises <paramref name="name"/> on <paramref name="instanceId"/>.</summary>
    /// <param name="client">Durable's client.</param>
    /// <param name="instanceId">The instance.</param>
    /// <param name="name">The event name.</param>
    /// <param name="eventId">The raiser's id for deduplication (a new one when null).</param>
    /// <param name="channel">The channel it concerns, if any.</param>
    /// <param name="at">When it happened (now when null; never later than now).</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    public async Task<RaiseOutcome> RaiseAsync(
        DurableTaskClient client, string instanceId, string name, string? eventId, Channel? channel, DateTimeOffset? at, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var when = at is { } given && given < now ? given : now;
        if (ledger is not null && name is JourneyEventNames.Click or JourneyEventNames.Reply && JourneyStore.IsInstanceId(instanceId))
        {
            await ledger.RecordEngagementAsync(JourneyStore.UserOf(instanceId), when, cancellationToken).ConfigureAwait(false);
        }

        return await JourneyInstances.RaiseAsync(client, instanceId, new InboundEvent(eventId ?? Guid.NewGuid().ToString("N"), name, when, channel), cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>
    /// Tells the journeys of users in <paramref name="events"/> what they did: a login or purchase raises <c>return</c>, a
    /// complaint raises <c>complaint</c>. Users with no active journey cost one point read. Logins and purchases are also
    /// counted for measurement against the user's latest enrollment, running or ended, in every arm alike.
    /// </summary>
    /// <returns>How many events were raised.</returns>
    public Task<int> RaiseFromActivityAsync(DurableTaskClient client, IReadOnlyList<ActivityEvent> events, int parallelism, CancellationToken cancellationToken) =>
        RaiseFromActivityAsync(client, events, enrolled: null, parallelism, cancellationToken);

    /// <summary>
    /// As <see cref="RaiseFromActivityAsync(DurableTaskClient, IReadOnlyList{ActivityEvent}, int, CancellationToken)"/>,
    /// for events just ingested: only the users in <paramref name="enrolled"/> (the ingestion's
    /// <see cref="Ingestion.IngestionReport.Enrolled"/>, whose profiles say an enrollment claimed their membership) can
    /// have a membership, so only theirs is read; null reads every user's.
    /// </summary>
    /// <returns>How many events were raised.</returns>
    public async Task<int> RaiseFromActivityAsync(
        DurableTaskClient client, IReadOnlyList<ActivityEvent> events, IReadOnlySet<string>? enrolled, int parallelism, CancellationToken cancellationToken)
    {
        var signals = events
            .Select(e => (Event: e, Name: e.Type switch
            {
                ActivityType.Login or ActivityType.Purchase => JourneyEventNames.Return,
                ActivityType.Complaint => JourneyEventNames.Complaint,
                _ => null,
            }))
            .Where(s => s.Name is not null && (enrolled is null || enrolled.Contains(s.Event.UserId)))
            .GroupBy(s => s.Event.UserId, StringComparer.Ordinal)
            .ToArray();
        var raised = 0;
        await Parallel.ForEachAsync(signals, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken }, async (user, ct) =>
        {
            var (member, etag, _) = await store.GetMemberAsync(user.Key, ct).ConfigureAwait(false);
            if (measurement is not null && member.LastInstanceId is not null)
            {
                await measurement.ActivityAsync(user.Key, user.Select(u => u.Event), (activity, instanceId) => LastTouchAsync(activity, instanceId, ct), (member, etag), ct)
                    .ConfigureAwait(false);
            }

            if (member.ActiveInstanceId is not { } active)
            {
                return;
            }

            foreach (var (activity, name) in user)
            {
                if (attributions is not null && name == JourneyEventNames.Return)
                {
                    await attributions.RecordAsync(activity, active, ct).ConfigureAwait(false);
                }

                if (await RaiseAsync(client, active, name!, $"activity-{activity.EventId}", null, activity.OccurredAt, ct).ConfigureAwait(false) is RaiseOutcome.Accepted)
                {
                    Interlocked.Increment(ref raised);
                }
            }
        }).ConfigureAwait(false);
        return raised;
    }

    private async Task<(string Step, string Channel)?> LastTouchAsync(ActivityEvent activity, string instanceId, CancellationToken cancellationToken)
    {
        if (attributions is null)
        {
            return null;
        }

        var attribution = await attributions.RecordAsync(activity, instanceId, cancellationToken).ConfigureAwait(false);
        return attribution.LastTouch is { } touch && Core.Links.SendKeyParts.TryParse(touch.SendKey) is { } parts
            ? (parts.StepId, Core.Measurement.JourneyFacts.ChannelName(touch.Channel))
            : null;
    }
}
