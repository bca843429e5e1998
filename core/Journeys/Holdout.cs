namespace Reactivation.Core.Journeys;

/// <summary>The global holdout: a fixed share of users, chosen by hash, whose journeys send nothing, so lift can be measured.</summary>
/// <param name="Percent">The share held out, 0 to 50.</param>
/// <param name="Salt">Changing the salt draws a new holdout; keep it fixed while an experiment runs.</param>
public sealed record Holdout(double Percent, string Salt)
{
    /// <summary>True when <paramref name="userId"/> is held out.</summary>
    public bool Contains(string userId) => StableHash.BasisPoints(userId, "holdout", Salt) < (int)Math.Round(Percent * 100);
}
