namespace Reactivation.Core.Policy;

/// <summary>What a user said about one channel and purpose.</summary>
public enum ConsentState
{
    /// <summary>Nothing recorded: the default for the purpose applies.</summary>
    Unknown,

    /// <summary>The user agreed.</summary>
    OptedIn,

    /// <summary>The user refused or withdrew.</summary>
    OptedOut,
}
