using System.Text.Json.Serialization;

namespace Reactivation.Core.Journeys;

/// <summary>One step of a journey definition; <c>kind</c> in the JSON says which.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(SendStep), "send")]
[JsonDerivedType(typeof(WaitStep), "wait")]
[JsonDerivedType(typeof(WaitForStep), "waitFor")]
[JsonDerivedType(typeof(BranchStep), "branch")]
[JsonDerivedType(typeof(SplitStep), "split")]
[JsonDerivedType(typeof(ExitStep), "exit")]
public abstract record JourneyStep
{
    /// <summary>The step's id, unique in its journey; other steps name it to go there.</summary>
    public required string Id { get; init; }

    /// <summary>The steps this one can go to, with the JSON property that names each.</summary>
    public abstract IEnumerable<(string Property, string Target)> Exits();
}
