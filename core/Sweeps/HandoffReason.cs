namespace Reactivation.Core.Sweeps;

/// <summary>Why a user was handed to the journey stage.</summary>
public enum HandoffReason
{
    /// <summary>Active at the last sweep, silent now.</summary>
    BecameSilent = 0,
    /// <summary>Silent at the last sweep and in a deeper band now.</summary>
    MovedDeeper = 1,
    /// <summary>Not silent, but newly drifting toward silence.</summary>
    EarlyWarning = 2,
}
