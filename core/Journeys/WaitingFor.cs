namespace Reactivation.Core.Journeys;

/// <summary>What a running instance is blocked on.</summary>
public enum WaitingFor
{
    /// <summary>Nothing: the instance has not started or has ended.</summary>
    Nothing,

    /// <summary>A <c>wait</c> step's timer.</summary>
    Timer,

    /// <summary>A <c>waitFor</c> step's events, raced against its timeout.</summary>
    Event,

    /// <summary>The channel's answer for the pending send (the due time is when to reconcile it).</summary>
    SendResult,

    /// <summary>The back-off before the next attempt of a failed send.</summary>
    Retry,
}
