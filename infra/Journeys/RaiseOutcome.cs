namespace Reactivation.Infra.Journeys;

/// <summary>What raising an event did.</summary>
public enum RaiseOutcome
{
    /// <summary>Raised on the running instance (which takes an event id once).</summary>
    Accepted,

    /// <summary>No such instance.</summary>
    NotFound,

    /// <summary>The instance has ended.</summary>
    Gone,
}
