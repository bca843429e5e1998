namespace Reactivation.Core.Journeys;

/// <summary>The runtime status of an instance, named as Durable Functions names them.</summary>
public enum InstanceStatus
{
    /// <summary>Created; the first step has not run yet.</summary>
    Pending,

    /// <summary>Running: sending, waiting for a timer or for an event.</summary>
    Running,

    /// <summary>Paused by an operator; timers and events are held until it is resumed.</summary>
    Suspended,

    /// <summary>Reached an exit (any outcome but failed or terminated).</summary>
    Completed,

    /// <summary>Ended because a step failed with no failure path.</summary>
    Failed,

    /// <summary>Ended by an operator.</summary>
    Terminated,
}
