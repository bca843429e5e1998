namespace Reactivation.Infra.Journeys;

/// <summary>What an operator's request (suspend, resume, terminate) did.</summary>
public enum ControlOutcome
{
    /// <summary>Applied (or already in effect).</summary>
    Accepted,

    /// <summary>No such instance.</summary>
    NotFound,

    /// <summary>The instance has already ended.</summary>
    Gone,
}
