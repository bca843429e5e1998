namespace Reactivation.Core.Sweeps;

/// <summary>Population totals a sweep counts while it scans; the next sweep takes its RFM mean from them.</summary>
/// <param name="Users">Profiles.</param>
/// <param name="Purchasers">Profiles with at least one purchase.</param>
/// <param name="TotalSpend">Spend of all profiles, in the reporting currency.</param>
public readonly record struct PopulationStats(long Users, long Purchasers, decimal TotalSpend)
{
    /// <summary>Mean lifetime spend among purchasers; 0 when nobody has purchased.</summary>
    public decimal MeanSpend => Purchasers == 0 ? 0m : decimal.Round(TotalSpend / Purchasers, 2);

    /// <summary>Adds two shards' totals.</summary>
    public PopulationStats Plus(PopulationStats other) =>
        new(Users + other.Users, Purchasers + other.Purchasers, TotalSpend + other.TotalSpend);
}
