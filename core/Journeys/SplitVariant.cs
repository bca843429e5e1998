namespace Reactivation.Core.Journeys;

/// <summary>One arm of a split.</summary>
/// <param name="Name">The variant's name, stamped on the instance and its sends.</param>
/// <param name="Weight">Its share, in percent.</param>
/// <param name="Next">The step it leads to.</param>
public sealed record SplitVariant(string Name, int Weight, string Next);
