using Microsoft.DurableTask.Client;
using Reactivation.Core.Journeys;

namespace Reactivation.Infra.Orchestration;

/// <summary>A running journey instance as a time-lapse sees it.</summary>
/// <param name="InstanceId">The instance id.</param>
/// <param name="RuntimeStatus">Durable's runtime status.</param>
/// <param name="Status">Its custom status, or null before its first decision.</param>
public sealed record TickedInstance(string InstanceId, OrchestrationRuntimeStatus RuntimeStatus, JourneyStatus? Status)
{
    /// <summary>The highest tick it has taken.</summary>
    public long Tick => Status?.Tick ?? 0;

    /// <summary>True when it waits with nothing left to do.</summary>
    public bool Idle => Status?.Idle ?? false;

    /// <summary>
    /// False only for an instance idle on a wait due after <paramref name="now"/>: every other one may have something to
    /// decide at that time (a busy one may have read the clock before it moved).
    /// </summary>
    public bool NeedsTickAt(DateTimeOffset now)
    {
        if (Status is not { Idle: true } status || status.State.Waiting == WaitingFor.Nothing)
        {
            return true;
        }

        // Waiting for an event with no time limit: only the event can move it.
        return status.State.DueAt is { } due && due <= now;
    }
}
