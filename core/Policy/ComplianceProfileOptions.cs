namespace Reactivation.Core.Policy;

/// <summary>One compliance profile as configuration gives it (<c>Policy:Regions:{Name}</c>).</summary>
/// <remarks>
/// Both lists are comma-separated text rather than arrays: the configuration binder appends array items to defaults
/// instead of replacing them, and one string is easy to override from an environment variable.
/// </remarks>
public sealed record ComplianceProfileOptions
{
    /// <summary>The two-letter regions (ISO 3166) the profile covers, comma-separated; absent: the profile's own name is its one region.</summary>
    public string? Covers { get; init; }

    /// <summary>The channels (<c>sms</c>, <c>email</c>, <c>webhook</c>) on which marketing needs an opt-in, comma-separated; empty or <c>none</c>: none.</summary>
    public string? OptIn { get; init; }
}
