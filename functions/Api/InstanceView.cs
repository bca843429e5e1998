using System.Collections.Immutable;
using Reactivation.Core.Journeys;
using Reactivation.Core.Policy;
using Reactivation.Infra.Orchestration;

namespace Reactivation.Functions.Api;

/// <summary>The status body, shaped like Durable Functions' (name, instanceId, runtimeStatus, input, customStatus, output, times, history).</summary>
/// <param name="Name">The journey.</param>
/// <param name="InstanceId">The instance.</param>
/// <param name="RuntimeStatus">Pending, Running, Suspended, Completed, Failed or Terminated.</param>
/// <param name="Input">What it started with.</param>
/// <param name="CustomStatus">Where it stands.</param>
/// <param name="Output">How it ended; null while it runs.</param>
/// <param name="CreatedTime">When it started.</param>
/// <param name="LastUpdatedTime">When it last moved.</param>
/// <param name="HistoryEvents">Its history, when asked for with <c>showHistory=true</c>.</param>
public sealed record InstanceView(
    string Name,
    string InstanceId,
    string RuntimeStatus,
    InstanceView.InputView Input,
    InstanceView.CustomStatusView CustomStatus,
    InstanceView.OutputView? Output,
    DateTimeOffset CreatedTime,
    DateTimeOffset LastUpdatedTime,
    IReadOnlyList<InstanceView.HistoryItem>? HistoryEvents)
{
    /// <summary>The status of <paramref name="instance"/>, with its history when given.</summary>
    public static InstanceView Of(JourneyInstance instance, IReadOnlyList<HistoryEntry>? history)
    {
        var state = instance.State;
        return new(
            state.JourneyId,
            state.InstanceId,
            instance.Status.ToString(),
            new InputView(state.UserId, state.Version, state.Run, state.HeldOut, state.Context),
            new CustomStatusView(state.Step, state.Waiting.ToString(), state.DueAt, state.Variants, state.Sends, state.HeldOutSends, state.Skips, state.OptedOut, state.Sequence),
            instance.IsTerminal
                ? new OutputView(
                    (instance.Output?.Outcome ?? state.Outcome ?? (instance.Status == InstanceStatus.Terminated ? JourneyOutcome.Terminated : JourneyOutcome.Failed)).ToString(),
                    instance.Output?.Reason ?? state.Reason ?? instance.Failure)
                : null,
            instance.CreatedAt,
            instance.LastUpdatedAt,
            history?.Select(h => new HistoryItem(h.At, h.Kind, h.Step, h.Detail)).ToList());
    }

    /// <summary>The check-status payload: where to ask about the instance and act on it.</summary>
    /// <param name="publicBaseUrl">The app's public origin (<c>Links:PublicBaseUrl</c>): never the request's Host header, which the caller chooses.</param>
    /// <param name="instanceId">The instance.</param>
    public static CheckStatusView CheckStatus(string publicBaseUrl, string instanceId)
    {
        var root = $"{publicBaseUrl.TrimEnd('/')}/api/instances/{Uri.EscapeDataString(instanceId)}";
        return new CheckStatusView(instanceId, root, root + "/raiseEvent/{eventName}", root + "/terminate?reason={text}", root + "/suspend?reason={text}", root + "/resume?reason={text}", root);
    }

    /// <summary>What the instance started with.</summary>
    /// <param name="UserId">The user.</param>
    /// <param name="Version">The journey version it runs.</param>
    /// <param name="Run">The user's run of this journey (1 for the first).</param>
    /// <param name="HeldOut">True in the holdout: decided but not sent.</param>
    /// <param name="Context">The sweep's view of the user at enrollment.</param>
    public sealed record InputView(string UserId, int Version, int Run, bool HeldOut, JourneyContext Context);

    /// <summary>Where the instance stands.</summary>
    /// <param name="Step">The current step.</param>
    /// <param name="Waiting">What it waits for.</param>
    /// <param name="DueAt">When its wait ends.</param>
    /// <param name="Variants">The A/B variant per step.</param>
    /// <param name="Sends">Messages sent.</param>
    /// <param name="HeldOutSends">Messages decided but held out.</param>
    /// <param name="Skips">Messages skipped.</param>
    /// <param name="OptedOut">Channels the user opted out of during the journey.</param>
    /// <param name="Sequence">Its event count.</param>
    public sealed record CustomStatusView(
        string? Step, string Waiting, DateTimeOffset? DueAt, ImmutableDictionary<string, string> Variants, int Sends, int HeldOutSends, int Skips, ImmutableArray<Channel> OptedOut,
        int Sequence);

    /// <summary>How the instance ended.</summary>
    /// <param name="Outcome">Reactivated, Completed, OptedOut, Terminated, Failed...</param>
    /// <param name="Reason">Why, in words.</param>
    public sealed record OutputView(string Outcome, string? Reason);

    /// <summary>One history entry.</summary>
    /// <param name="Timestamp">When.</param>
    /// <param name="Kind">What happened.</param>
    /// <param name="Step">At which step.</param>
    /// <param name="Detail">In words.</param>
    public sealed record HistoryItem(DateTimeOffset Timestamp, string Kind, string? Step, string? Detail);
}

/// <summary>Where to ask about a started instance and act on it, as Durable Functions' check-status payload names them.</summary>
/// <param name="Id">The instance.</param>
/// <param name="StatusQueryGetUri">GET its status.</param>
/// <param name="SendEventPostUri">POST an event.</param>
/// <param name="TerminatePostUri">POST to terminate.</param>
/// <param name="SuspendPostUri">POST to suspend.</param>
/// <param name="ResumePostUri">POST to resume.</param>
/// <param name="PurgeHistoryDeleteUri">DELETE to purge once ended.</param>
public sealed record CheckStatusView(
    string Id, string StatusQueryGetUri, string SendEventPostUri, string TerminatePostUri, string SuspendPostUri, string ResumePostUri, string PurgeHistoryDeleteUri);
