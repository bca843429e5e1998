namespace Reactivation.Core.Journeys;

/// <summary>Assigns the user to a weighted variant, deterministically from a hash of user, journey and split id.</summary>
public sealed record SplitStep : JourneyStep
{
    /// <summary>The variants; weights add up to 100.</summary>
    public required IReadOnlyList<SplitVariant> Variants { get; init; }

    /// <summary>The variant <paramref name="userId"/> gets in <paramref name="journeyId"/>: the same on every replay and every host.</summary>
    public SplitVariant Assign(string userId, string journeyId)
    {
        var total = Variants.Sum(v => v.Weight);
        var bucket = (int)(StableHash.Of(userId, journeyId, Id) % (ulong)Math.Max(total, 1));
        foreach (var variant in Variants)
        {
            if (bucket < variant.Weight)
            {
                return variant;
            }

            bucket -= variant.Weight;
        }

        return Variants[^1];
    }

    /// <inheritdoc />
    public override IEnumerable<(string Property, string Target)> Exits()
    {
        for (var i = 0; i < Variants.Count; i++)
        {
            yield return ($"variants[{i}].next", Variants[i].Next);
        }
    }
}
