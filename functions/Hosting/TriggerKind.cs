namespace Reactivation.Functions.Hosting;

/// <summary>How a function is triggered.</summary>
public enum TriggerKind
{
    /// <summary>An NCRONTAB schedule (six fields, UTC).</summary>
    Timer,

    /// <summary>A Storage queue.</summary>
    Queue,

    /// <summary>An HTTP route.</summary>
    Http,

    /// <summary>A Durable orchestrator (<c>[OrchestrationTrigger]</c>): run by the Durable extension in Azure and by the local task hub here.</summary>
    Orchestration,

    /// <summary>A Durable activity (<c>[ActivityTrigger]</c>): as orchestrators are.</summary>
    Activity,
}
