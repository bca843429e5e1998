using Reactivation.Core.Journeys;

namespace Reactivation.Core.Policy;

/// <summary>The consent rules of the regions one profile covers: which channels need an explicit opt-in before any marketing.</summary>
/// <param name="Name">The profile's name as configured (<c>CN</c>, <c>EU</c>, ...), or <c>default</c>; skip reasons name it.</param>
/// <param name="MarketingOptIn">The channels on which marketing needs a recorded opt-in; on the others the absence of an opt-out is enough.</param>
public sealed record ComplianceProfile(string Name, IReadOnlySet<Channel> MarketingOptIn)
{
    /// <summary>The name of the profile for regions no configured profile covers.</summary>
    public const string DefaultName = "default";

    /// <summary>True when marketing on <paramref name="channel"/> needs a recorded opt-in.</summary>
    public bool NeedsOptIn(Channel channel) => MarketingOptIn.Contains(channel);
}
