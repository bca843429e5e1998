namespace Reactivation.Core.Silence;

/// <summary>The RFM value tier (seed-requirements CAP-C1).</summary>
public enum ValueTier
{
    /// <summary>Low value: long since a purchase, few purchases, spend under the mean.</summary>
    Low = 0,
    /// <summary>Mid value.</summary>
    Mid = 1,
    /// <summary>High value: recent, frequent, spend above the mean.</summary>
    High = 2,
}
