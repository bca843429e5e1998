namespace Reactivation.Core.Journeys;

/// <summary>Chooses the next step from the user's profile and sweep result.</summary>
public sealed record BranchStep : JourneyStep
{
    /// <summary>The cases, tried in order.</summary>
    public required IReadOnlyList<BranchCase> Cases { get; init; }

    /// <summary>The step when no case holds.</summary>
    public required string Otherwise { get; init; }

    /// <inheritdoc />
    public override IEnumerable<(string Property, string Target)> Exits()
    {
        for (var i = 0; i < Cases.Count; i++)
        {
            yield return ($"cases[{i}].next", Cases[i].Next);
        }

        yield return ("otherwise", Otherwise);
    }
}
