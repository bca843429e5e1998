namespace Reactivation.Infra.Journeys;

/// <summary>What raising an event did.</summary>
public enum RaiseOutcome
{
    /// <summary>Stored and the instance woken.</summary>
    Accepted,

    /// <summary>An event with that id was already stored; the instance was woken again in case the first wake was lost.</summary>
    Duplicate,

    /// <summary>No such instance.</summary>
    NotFound,

    /// <summary>The instance has ended.</summary>
    Gone,
}
