namespace Reactivation.Core.Silence;

/// <summary>How deeply a user is silent. Ordered: a larger value is deeper.</summary>
/// <remarks>Stored by name in sweep results and hand-offs; add bands, never rename or reorder.</remarks>
public enum DormancyBand
{
    /// <summary>Not silent.</summary>
    Active = 0,
    /// <summary>Silent from the silence window (default 30 days) up to 3 months.</summary>
    UpTo3Months = 1,
    /// <summary>Silent 3 to 6 months.</summary>
    From3To6Months = 2,
    /// <summary>Silent 6 to 12 months.</summary>
    From6To12Months = 3,
    /// <summary>Silent more than 12 months.</summary>
    Over12Months = 4,
}
