using Microsoft.DurableTask.Client;
using Reactivation.Core.Journeys;

namespace Reactivation.Infra.Orchestration;

/// <summary>A journey orchestration as Durable's client reports it, with the journey's own state.</summary>
/// <param name="RuntimeStatus">Durable's runtime status.</param>
/// <param name="State">The state after the latest decision (from the custom status; the input's before the first).</param>
/// <param name="CreatedAt">When it was scheduled.</param>
/// <param name="LastUpdatedAt">When Durable last checkpointed it.</param>
/// <param name="Output">How it ended, once completed.</param>
/// <param name="Failure">Why it failed or was terminated, as Durable recorded it.</param>
/// <param name="Tick">The highest simulated clock tick it has taken.</param>
/// <param name="Idle">True when it waits with nothing left to do.</param>
public sealed record JourneyInstance(
    OrchestrationRuntimeStatus RuntimeStatus, JourneyState State, DateTimeOffset CreatedAt, DateTimeOffset LastUpdatedAt, JourneyResult? Output, string? Failure,
    long Tick, bool Idle)
{
    /// <summary>The instance id.</summary>
    public string InstanceId => State.InstanceId;

    /// <summary>True once it has completed, failed or been terminated.</summary>
    public bool IsTerminal => RuntimeStatus is OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated;

    /// <summary>The journey's status: Durable's runtime status in the journey's words.</summary>
    public InstanceStatus Status => RuntimeStatus switch
    {
        OrchestrationRuntimeStatus.Pending => InstanceStatus.Pending,
        OrchestrationRuntimeStatus.Suspended => InstanceStatus.Suspended,
        OrchestrationRuntimeStatus.Completed => InstanceStatus.Completed,
        OrchestrationRuntimeStatus.Failed => InstanceStatus.Failed,
        OrchestrationRuntimeStatus.Terminated => InstanceStatus.Terminated,
        _ => State.Status == InstanceStatus.Pending ? InstanceStatus.Pending : InstanceStatus.Running,
    };

    /// <summary>The Durable statuses an instance in <paramref name="status"/> has.</summary>
    public static OrchestrationRuntimeStatus RuntimeStatusOf(InstanceStatus status) => status switch
    {
        InstanceStatus.Pending => OrchestrationRuntimeStatus.Pending,
        InstanceStatus.Running => OrchestrationRuntimeStatus.Running,
        InstanceStatus.Suspended => OrchestrationRuntimeStatus.Suspended,
        InstanceStatus.Completed => OrchestrationRuntimeStatus.Completed,
        InstanceStatus.Failed => OrchestrationRuntimeStatus.Failed,
        _ => OrchestrationRuntimeStatus.Terminated,
    };

    /// <summary>The instance <paramref name="metadata"/> describes (fetched with inputs and outputs), or null when it is not a journey's.</summary>
    public static JourneyInstance? From(OrchestrationMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var status = metadata.SerializedCustomStatus is null ? null : metadata.ReadCustomStatusAs<JourneyStatus>();
        var state = status?.State ?? (metadata.SerializedInput is null ? null : metadata.ReadInputAs<JourneyRun>()?.State);
        if (state is null)
        {
            return null;
        }

        var output = metadata.RuntimeStatus == OrchestrationRuntimeStatus.Completed && metadata.SerializedOutput is not null ? metadata.ReadOutputAs<JourneyResult>() : null;
        // A terminated orchestration's output is the reason the operator gave.
        var failure = metadata.RuntimeStatus == OrchestrationRuntimeStatus.Terminated && metadata.SerializedOutput is not null
            ? metadata.ReadOutputAs<string>()
            : metadata.FailureDetails?.ErrorMessage;
        return new JourneyInstance(metadata.RuntimeStatus, state, metadata.CreatedAt, metadata.LastUpdatedAt, output, failure, status?.Tick ?? 0, status?.Idle ?? false);
    }
}
