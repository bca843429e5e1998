namespace Reactivation.Core.Journeys;

/// <summary>Waits a duration, then (if given) until the user's local time is inside a window.</summary>
public sealed record WaitStep : JourneyStep
{
    /// <summary>How long to wait, from entering the step.</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>A local time-of-day window (in the user's time zone) the wait must end inside.</summary>
    public TimeWindow? Window { get; init; }

    /// <summary>The step after the wait.</summary>
    public required string Next { get; init; }

    /// <inheritdoc />
    public override IEnumerable<(string Property, string Target)> Exits()
    {
        yield return ("next", Next);
    }
}
