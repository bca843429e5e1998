namespace Reactivation.Core.Journeys;

/// <summary>What makes an instance take a step.</summary>
public abstract record JourneyTrigger
{
    /// <summary>Start a pending instance.</summary>
    public static JourneyTrigger Start { get; } = new StartTrigger();

    /// <summary>Look at the clock and the inbox: a timer fired or an event arrived.</summary>
    public static JourneyTrigger Wake { get; } = new WakeTrigger();
}

/// <summary>Start a pending instance.</summary>
public sealed record StartTrigger : JourneyTrigger;

/// <summary>Re-evaluate due timers and buffered events.</summary>
public sealed record WakeTrigger : JourneyTrigger;

/// <summary>The channel answered the send with key <paramref name="SendKey"/>.</summary>
/// <param name="SendKey">The send's key.</param>
/// <param name="Result">The answer.</param>
public sealed record SendResultTrigger(string SendKey, SendResult Result) : JourneyTrigger;

/// <summary>
/// Stepping the instance threw something that is not a passing outage (a bug, a definition the code cannot run): the
/// instance ends as failed with the error, instead of being retried into the same error for ever.
/// </summary>
/// <param name="Error">The error, as an operator should read it.</param>
public sealed record FaultTrigger(string Error) : JourneyTrigger;
