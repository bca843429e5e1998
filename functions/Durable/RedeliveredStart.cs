using DurableTask.Core;
using DurableTask.Core.History;

namespace Reactivation.Functions.Durable;

/// <summary>
/// Takes out of a work item the start message of an execution whose history already holds its start: the provider
/// redelivering a start it had already recorded.
/// </summary>
/// <remarks>
/// The Azure Storage provider writes an episode's history before it deletes the messages the episode took. A worker
/// killed in between leaves a new instance's start message in its control queue over a history that already begins
/// with it, and the framework refuses that work item ("Multiple ExecutionStartedEvent found") at every delivery, so the
/// instance never runs (found by the chaos test). The message is the same start the history holds, so dropping it from
/// the episode loses nothing; the provider still deletes it with the rest of the batch when the episode commits.
/// </remarks>
internal static class RedeliveredStart
{
    /// <summary>Removes from <paramref name="workItem"/>'s new messages every start of the execution its history already started.</summary>
    /// <returns>How many were removed.</returns>
    public static int Drop(TaskOrchestrationWorkItem? workItem)
    {
        var recorded = workItem?.OrchestrationRuntimeState?.ExecutionStartedEvent;
        if (workItem?.NewMessages is null || recorded is null)
        {
            return 0;
        }

        var executionId = workItem.OrchestrationRuntimeState.OrchestrationInstance?.ExecutionId;
        var kept = workItem.NewMessages.Where(message => !IsStartOf(message, executionId)).ToList();
        var dropped = workItem.NewMessages.Count - kept.Count;
        if (dropped > 0)
        {
            workItem.NewMessages = kept;
        }

        return dropped;
    }

    private static bool IsStartOf(TaskMessage message, string? executionId) =>
        message.Event is ExecutionStartedEvent && executionId is not null
        && string.Equals(message.OrchestrationInstance?.ExecutionId, executionId, StringComparison.OrdinalIgnoreCase);
}
