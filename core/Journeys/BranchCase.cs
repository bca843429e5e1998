namespace Reactivation.Core.Journeys;

/// <summary>One case of a branch: the first whose condition holds is taken.</summary>
/// <param name="When">The condition.</param>
/// <param name="Next">The step to go to.</param>
public sealed record BranchCase(StepCondition When, string Next);
