using System.Buffers.Text;
using System.Text;
using DurableTask.Core.Exceptions;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Reactivation.Core.Journeys;
using Reactivation.Infra.Journeys;
using Reactivation.Infra.Storage;

namespace Reactivation.Infra.Orchestration;

/// <summary>
/// Journey instances through Durable's client: start under the deterministic id, read, raise, list and purge. The
/// client is the caller's (a <c>[DurableClient]</c> binding in Azure, the local host's in its process).
/// </summary>
public static class JourneyInstances
{
    /// <summary>Schedules the orchestration of <paramref name="run"/> under its instance id, unless that id exists in any state.</summary>
    /// <returns>False when an instance with that id already exists (a repeated enrollment): nothing changed.</returns>
    /// <remarks>
    /// An id names one run of one journey for one user, so it is never started twice. Durable's own guard (dedupe
    /// statuses, or an id reuse policy) is not relied on: through the SDK's gRPC conversion, "refuse every status" can
    /// arrive as a policy that terminates and replaces a running instance (a test pins that we never do). The membership
    /// claim decides who may schedule an id; what remains is two copies of one hand-off racing past this read, and the
    /// send keys, the provider's idempotency keys, keep that to one message.
    /// </remarks>
    public static async Task<bool> StartAsync(DurableTaskClient client, JourneyRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(run);
        if (await client.GetInstanceAsync(run.State.InstanceId, getInputsAndOutputs: false, cancellationToken).ConfigureAwait(false) is not null)
        {
            return false;
        }

        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(JourneyTaskNames.Orchestrator, run, new StartOrchestrationOptions(run.State.InstanceId), cancellationToken)
                .ConfigureAwait(false);
            return true;
        }
        catch (OrchestrationAlreadyExistsException)
        {
            return false;
        }
    }

    /// <summary>The instance, or null when there is none by that id.</summary>
    public static async Task<JourneyInstance?> GetAsync(DurableTaskClient client, string instanceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var metadata = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);
        return metadata is null ? null : JourneyInstance.From(metadata);
    }

    /// <summary>Raises <paramref name="received"/> on a running instance.</summary>
    /// <remarks>The orchestration takes an event id once, so raising the same event twice is harmless.</remarks>
    public static async Task<RaiseOutcome> RaiseAsync(DurableTaskClient client, string instanceId, InboundEvent received, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var metadata = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken).ConfigureAwait(false);
        if (metadata is null)
        {
            return RaiseOutcome.NotFound;
        }

        if (metadata.IsCompleted)
        {
            return RaiseOutcome.Gone;
        }

        await client.RaiseEventAsync(instanceId, JourneyTaskNames.InboundEvent, received, cancellationToken).ConfigureAwait(false);
        return RaiseOutcome.Accepted;
    }

    /// <summary>
    /// Terminates a running instance: Durable ends the orchestration where it stands, the instance's history records who
    /// ended it and why, and the user is free for new journeys at once.
    /// </summary>
    public static Task<ControlOutcome> TerminateAsync(
        DurableTaskClient client, JourneyStore store, TimeProvider clock, string instanceId, string? reason, CancellationToken cancellationToken) =>
        ControlAsync(client, instanceId, async instance =>
        {
            ArgumentNullException.ThrowIfNull(store);
            ArgumentNullException.ThrowIfNull(clock);
            var why = reason ?? "terminated by an operator";
            var now = clock.GetUtcNow();
            await client.TerminateInstanceAsync(instanceId, new TerminateInstanceOptions(why), cancellationToken).ConfigureAwait(false);
            var ended = instance.State with
            {
                Status = InstanceStatus.Terminated, Outcome = JourneyOutcome.Terminated, Reason = why, CompletedAt = now, Sequence = instance.State.Sequence + 1,
            };
            await store.RecordDecisionAsync(ended, [new HistoryEntry(now, "terminated", instance.State.Step, why)], cancellationToken).ConfigureAwait(false);
            await store.ReleaseMemberAsync(ended, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    /// <summary>Suspends a running instance: Durable holds its timers and events until it is resumed.</summary>
    public static Task<ControlOutcome> SuspendAsync(DurableTaskClient client, string instanceId, string? reason, CancellationToken cancellationToken) =>
        ControlAsync(client, instanceId, _ => client.SuspendInstanceAsync(instanceId, reason, cancellationToken), cancellationToken);

    /// <summary>Resumes a suspended instance.</summary>
    public static Task<ControlOutcome> ResumeAsync(DurableTaskClient client, string instanceId, string? reason, CancellationToken cancellationToken) =>
        ControlAsync(client, instanceId, _ => client.ResumeInstanceAsync(instanceId, reason, cancellationToken), cancellationToken);

    /// <summary>One page of the instances <paramref name="query"/> selects, newest generation of each.</summary>
    /// <returns>The instances and the token for the next page (null on the last).</returns>
    /// <exception cref="FormatException">The continuation token is not one this API issued.</exception>
    public static async Task<(IReadOnlyList<JourneyInstance> Instances, string? Continuation)> ListAsync(
        DurableTaskClient client, InstanceQuery query, int top, string? continuation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(query);
        var filter = Filter(query, top, fetchInputs: true, Decode(continuation));
        try
        {
            await foreach (var page in client.GetAllInstancesAsync(filter).AsPages(filter.ContinuationToken, top).WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                var instances = page.Values.Select(JourneyInstance.From).OfType<JourneyInstance>().ToList();
                return (instances, string.IsNullOrEmpty(page.ContinuationToken) ? null : Encode(page.ContinuationToken));
            }
        }
        catch (Exception ex) when (continuation is not null && ex is not OperationCanceledException && !Outage.IsPassing(ex))
        {
            throw new FormatException("the continuation token is not valid", ex);
        }

        return ([], null);
    }

    /// <summary>Purges every ended instance <paramref name="query"/> selects, with what the app keeps of each; running ones are never purged.</summary>
    /// <returns>How many instances were purged.</returns>
    public static async Task<int> PurgeAsync(DurableTaskClient client, JourneyStore store, InstanceQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(query);
        InstanceStatus[] ended = [InstanceStatus.Completed, InstanceStatus.Failed, InstanceStatus.Terminated];
        var statuses = query.Statuses is null ? ended : query.Statuses.Intersect(ended).ToArray();
        if (statuses.Length == 0)
        {
            return 0;
        }

        var ids = new List<string>();
        var filter = Filter(query with { Statuses = statuses }, 500, fetchInputs: false, null);
        await foreach (var metadata in client.GetAllInstancesAsync(filter).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            ids.Add(metadata.InstanceId);
        }

        var purged = 0;
        foreach (var id in ids)
        {
            purged += await PurgeOneAsync(client, store, id, cancellationToken).ConfigureAwait(false) ? 1 : 0;
        }

        return purged;
    }

    /// <summary>Purges one ended instance and what the app keeps of it.</summary>
    /// <returns>False when Durable had no such ended instance.</returns>
    public static async Task<bool> PurgeOneAsync(DurableTaskClient client, JourneyStore store, string instanceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(store);

        // The app's rows go first: a purge interrupted between the two leaves the instance listed and purgeable again.
        if (JourneyStore.IsInstanceId(instanceId))
        {
            await store.PurgeAsync(instanceId, cancellationToken).ConfigureAwait(false);
        }

        var result = await client.PurgeInstanceAsync(instanceId, cancellation: cancellationToken).ConfigureAwait(false);
        return result.PurgedInstanceCount > 0;
    }

    private static async Task<ControlOutcome> ControlAsync(DurableTaskClient client, string instanceId, Func<JourneyInstance, Task> control, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (!JourneyStore.IsInstanceId(instanceId) || await GetAsync(client, instanceId, cancellationToken).ConfigureAwait(false) is not { } instance)
        {
            return ControlOutcome.NotFound;
        }

        if (instance.IsTerminal)
        {
            return ControlOutcome.Gone;
        }

        await control(instance).ConfigureAwait(false);
        return ControlOutcome.Accepted;
    }

    private static OrchestrationQuery Filter(InstanceQuery query, int top, bool fetchInputs, string? continuation) => new(
        CreatedFrom: query.CreatedFrom,
        CreatedTo: query.CreatedTo,
        Statuses: query.Statuses?.Select(JourneyInstance.RuntimeStatusOf).Distinct().ToList(),
        PageSize: top,
        FetchInputsAndOutputs: fetchInputs,
        ContinuationToken: continuation,
        InstanceIdPrefix: query.JourneyId is { } journey ? journey + "~" : null);

    // The provider's token wrapped, so a token this API never issued is refused before it reaches the provider.
    private const string TokenMark = "rj1:";

    private static string Encode(string token) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(TokenMark + token));

    private static string? Decode(string? continuation)
    {
        if (string.IsNullOrEmpty(continuation))
        {
            return null;
        }

        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(continuation));
            return text.StartsWith(TokenMark, StringComparison.Ordinal) && text.Length > TokenMark.Length
                ? text[TokenMark.Length..]
                : throw new FormatException("the continuation token is not valid");
        }
        catch (Exception ex) when (ex is not FormatException)
        {
            throw new FormatException("the continuation token is not valid", ex);
        }
    }
}
