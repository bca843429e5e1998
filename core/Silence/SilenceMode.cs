namespace Reactivation.Core.Silence;

/// <summary>How the counted activity kinds combine into "silent".</summary>
public enum SilenceMode
{
    /// <summary>Silent when none of the counted kinds happened within the window ("no login AND no purchase").</summary>
    All = 0,
    /// <summary>Silent when any one counted kind is missing within the window ("no login OR no interaction").</summary>
    Any = 1,
}
