namespace Reactivation.Core.Journeys;

/// <summary>Ends the journey with an outcome.</summary>
public sealed record ExitStep : JourneyStep
{
    /// <summary>The outcome recorded.</summary>
    public required JourneyOutcome Outcome { get; init; }

    /// <inheritdoc />
    public override IEnumerable<(string Property, string Target)> Exits() => [];
}
