namespace Reactivation.Core.Journeys;

/// <summary>How a journey instance ended.</summary>
public enum JourneyOutcome
{
    /// <summary>The user came back (login or purchase), or an exit step said so.</summary>
    Reactivated,

    /// <summary>The journey ran out of steps without a return.</summary>
    Lost,

    /// <summary>The user opted out of every channel the journey could use.</summary>
    OptedOut,

    /// <summary>The user complained.</summary>
    Complained,

    /// <summary>A step failed and the journey had no path for the failure.</summary>
    Failed,

    /// <summary>The journey finished a path that is neither a win nor a loss (a care message, say).</summary>
    Completed,

    /// <summary>An operator terminated the instance.</summary>
    Terminated,

    /// <summary>The contact policy ended it: the user stopped answering (fatigue) or complained.</summary>
    Suppressed,
}
