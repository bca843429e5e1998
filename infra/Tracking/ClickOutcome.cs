using Reactivation.Core.Links;

namespace Reactivation.Infra.Tracking;

/// <summary>What the click-back answers.</summary>
/// <param name="Location">Where to redirect (the signed destination with its UTM parameters), or null for a refused link.</param>
/// <param name="Refusal">Why the token was refused, for the log (<see cref="LinkRefusal.None"/> with no location: the destination is no longer allowed).</param>
public sealed record ClickOutcome(string? Location, LinkRefusal Refusal)
{
    /// <summary>A refused link.</summary>
    public static ClickOutcome Refused(LinkRefusal refusal) => new(null, refusal);
}
