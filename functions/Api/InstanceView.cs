using Reactivation.Core.Journeys;
using Reactivation.Infra.Orchestration;

namespace Reactivation.Functions.Api;

/// <summary>The status body, shaped like Durable Functions' (name, instanceId, runtimeStatus, input, customStatus, output, times, history).</summary>
public static class InstanceView
{
    /// <summary>The status of <paramref name="instance"/>, with its history when given.</summary>
    public static object Of(JourneyInstance instance, IReadOnlyList<HistoryEntry>? history) => Of(instance.State, instance, history);

    private static object Of(JourneyState state, JourneyInstance instance, IReadOnlyList<HistoryEntry>? history) => new
    {
        name = state.JourneyId,
        instanceId = state.InstanceId,
        runtimeStatus = instance.Status.ToString(),
        input = new { userId = state.UserId, version = state.Version, run = state.Run, heldOut = state.HeldOut, context = state.Context },
        customStatus = new
        {
            step = state.Step,
            waiting = state.Waiting.ToString(),
            dueAt = state.DueAt,
            variants = state.Variants,
            sends = state.Sends,
            heldOutSends = state.HeldOutSends,
            skips = state.Skips,
            optedOut = state.OptedOut,
            sequence = state.Sequence,
        },
        output = instance.IsTerminal
            ? new { outcome = (instance.Output?.Outcome ?? state.Outcome ?? (instance.Status == InstanceStatus.Terminated ? JourneyOutcome.Terminated : JourneyOutcome.Failed)).ToString(), reason = instance.Output?.Reason ?? state.Reason ?? instance.Failure }
            : null,
        createdTime = instance.CreatedAt,
        lastUpdatedTime = instance.LastUpdatedAt,
        historyEvents = history?.Select(h => new { timestamp = h.At, kind = h.Kind, step = h.Step, detail = h.Detail }),
    };

    /// <summary>The check-status payload: where to ask about the instance and act on it.</summary>
    /// <param name="publicBaseUrl">The app's public origin (<c>Links:PublicBaseUrl</c>): never the request's Host header, which the caller chooses.</param>
    /// <param name="instanceId">The instance.</param>
    public static object CheckStatus(string publicBaseUrl, string instanceId)
    {
        var root = $"{publicBaseUrl.TrimEnd('/')}/api/instances/{Uri.EscapeDataString(instanceId)}";
        return new
        {
            id = instanceId,
            statusQueryGetUri = root,
            sendEventPostUri = root + "/raiseEvent/{eventName}",
            terminatePostUri = root + "/terminate?reason={text}",
            suspendPostUri = root + "/suspend?reason={text}",
            resumePostUri = root + "/resume?reason={text}",
            purgeHistoryDeleteUri = root,
        };
    }
}
