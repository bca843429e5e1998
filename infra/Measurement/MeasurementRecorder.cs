using Azure;
using Reactivation.Core.Activity;
using Reactivation.Core.Journeys;
using Reactivation.Core.Links;
using Reactivation.Core.Measurement;
using Reactivation.Infra.Journeys;
using Reactivation.Infra.Storage;

namespace Reactivation.Infra.Measurement;

/// <summary>
/// Turns what happens (enrollments, decisions, deliveries, clicks, activity) into metric facts as it happens. Every
/// caller stores the facts before it acknowledges its own work, under natural ids, so a retry stores nothing twice.
/// </summary>
public sealed class MeasurementRecorder(MetricsStore metrics, JourneyStore store, JourneyLibrary library, MeasurementOptions options)
{
    private const int MaxAttempts = 20;

    /// <summary>A new instance (treated, held out or control).</summary>
    public Task EnrolledAsync(JourneyDefinition definition, JourneyState state, CancellationToken cancellationToken) =>
        metrics.RecordAsync([JourneyFacts.Enrolled(definition, state)], cancellationToken);

    /// <summary>The sends, skips and failures of a decision, before the engine commits it.</summary>
    public Task DecidedAsync(JourneyDefinition definition, JourneyState before, JourneyDecision decision, CancellationToken cancellationToken) =>
        metrics.RecordAsync(JourneyFacts.Of(definition, before, decision, channel => options.UnitCost(JourneyFacts.ChannelName(channel))), cancellationToken);

    /// <summary>A delivery report for <paramref name="sendKey"/> (unknown sends count nothing).</summary>
    public async Task DeliveredAsync(string sendKey, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (await SendAsync(sendKey, cancellationToken).ConfigureAwait(false) is { } send)
        {
            await metrics.RecordAsync([JourneyFacts.Delivered(send.Definition, send.State, sendKey, send.Step.Id, send.Step.Channel, at)], cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The first human click on <paramref name="sendKey"/>.</summary>
    public async Task ClickedAsync(string sendKey, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (await SendAsync(sendKey, cancellationToken).ConfigureAwait(false) is { } send)
        {
            await metrics.RecordAsync([JourneyFacts.Clicked(send.Definition, send.State, sendKey, send.Step.Id, send.Step.Channel, at)], cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Counts one user's logins and purchases against their latest enrollment: the return, purchases, retention and spend
    /// after the return. The marks are saved first (conditioned on the membership's ETag), then the facts.
    /// </summary>
    /// <param name="userId">The user.</param>
    /// <param name="activity">Their events, any order.</param>
    /// <param name="lastTouch">The step and channel a return is credited to (called only for a new return).</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <param name="known">The membership as the caller just read it, to save reading it again (null: read it).</param>
    public async Task ActivityAsync(
        string userId, IEnumerable<ActivityEvent> activity, Func<ActivityEvent, string, Task<(string Step, string Channel)?>> lastTouch,
        (JourneyMembership Member, ETag ETag)? known, CancellationToken cancellationToken)
    {
        var ordered = activity.Where(a => a.Type is ActivityType.Login or ActivityType.Purchase).OrderBy(a => a.OccurredAt).ThenBy(a => a.EventId, StringComparer.Ordinal).ToList();
        if (ordered.Count == 0)
        {
            return;
        }

        for (var attempt = 1; ; attempt++)
        {
            var (member, etag) = attempt == 1 && known is { } given ? given : await MemberAsync(userId, cancellationToken).ConfigureAwait(false);
            if (member.LastInstanceId is not { } instanceId || await store.GetStateAsync(instanceId, cancellationToken).ConfigureAwait(false) is not { } state)
            {
                return;
            }

            var definition = await library.GetAsync(state.JourneyId, state.Version, cancellationToken).ConfigureAwait(false);
            var marks = member.Marks;
            var facts = new List<MetricFact>();
            foreach (var item in ordered)
            {
                var touch = marks.ReturnedAt is null || marks.ReturnEventId == item.EventId ? await lastTouch(item, instanceId).ConfigureAwait(false) : null;
                var (next, added) = ReturnTracking.Apply(definition, state, marks, item, options.ReturnWindow, touch);
                marks = next;
                facts.AddRange(added);
            }

            if (marks != member.Marks)
            {
                try
                {
                    await store.SaveMemberAsync(member with { Marks = marks }, etag, cancellationToken).ConfigureAwait(false);
                }
                catch (RequestFailedException ex) when (ex.Status is 409 or 412 && attempt < MaxAttempts)
                {
                    await Backoff.DelayAsync(attempt, cancellationToken).ConfigureAwait(false);
                    continue;
                }
            }

            await metrics.RecordAsync(facts, cancellationToken).ConfigureAwait(false);
            if (member.Marks.ReturnedAt is null && marks.ReturnedAt is not null)
            {
                // Counted once: only the writer whose conditional save recorded the return gets here with it new.
                Telemetry.ReactivationTelemetry.Returns.Add(1, new KeyValuePair<string, object?>("journey", state.JourneyId));
            }

            return;
        }
    }

    private async Task<(JourneyMembership, ETag)> MemberAsync(string userId, CancellationToken cancellationToken)
    {
        var (member, etag, _) = await store.GetMemberAsync(userId, cancellationToken).ConfigureAwait(false);
        return (member, etag);
    }

    private async Task<(JourneyDefinition Definition, JourneyState State, SendStep Step)?> SendAsync(string sendKey, CancellationToken cancellationToken)
    {
        if (SendKeyParts.TryParse(sendKey) is not { } parts || await store.GetStateAsync(parts.InstanceId, cancellationToken).ConfigureAwait(false) is not { } state)
        {
            return null;
        }

        var definition = await library.GetAsync(state.JourneyId, state.Version, cancellationToken).ConfigureAwait(false);
        return definition.FindStep(parts.StepId) is SendStep step ? (definition, state, step) : null;
    }
}
