namespace Reactivation.Infra.Orchestration;

/// <summary>The names the journey orchestration is registered and addressed under, in both hosts.</summary>
/// <remarks>Running instances and queued work carry these names: they never change.</remarks>
public static class JourneyTaskNames
{
    /// <summary>The orchestrator that runs one journey instance.</summary>
    public const string Orchestrator = "JourneyOrchestrator";

    /// <summary>The activity that records a decision's events and makes its send.</summary>
    public const string Step = "JourneyStep";

    /// <summary>The activity that reads the journey clock (only for instances on a simulated clock).</summary>
    public const string Clock = "JourneyClock";

    /// <summary>The one external event name: every event from outside (click, return, opt-out, reply) comes under it.</summary>
    /// <remarks>
    /// One name, not one per kind: an orchestration keeps a single waiter for it across loops, so an event is never
    /// delivered to a waiter left behind by an earlier race that a timer won.
    /// </remarks>
    public const string InboundEvent = "JourneyEvent";
}
