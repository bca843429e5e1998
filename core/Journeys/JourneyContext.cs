using System.Collections.Immutable;
using Reactivation.Core.Silence;
using Reactivation.Core.Sweeps;

namespace Reactivation.Core.Journeys;

/// <summary>What a journey knows about its user, captured when the instance starts: the sweep result and the profile's reachability.</summary>
/// <remarks>
/// Captured once so that branching stays a pure function of the instance and so a step costs no profile read. Whether a
/// message may really go out is decided again at send time by the channel and (later) the contact policy.
/// </remarks>
public sealed record JourneyContext
{
    /// <summary>The sweep's reason for the hand-off (manual starts say <see cref="HandoffReason.BecameSilent"/>).</summary>
    public HandoffReason Reason { get; init; }

    /// <summary>The dormancy band.</summary>
    public DormancyBand Band { get; init; }

    /// <summary>The RFM tier.</summary>
    public ValueTier Tier { get; init; }

    /// <summary>The silence cause.</summary>
    public SilenceCause Cause { get; init; }

    /// <summary>Whether the user is drifting toward silence.</summary>
    public bool EarlyWarning { get; init; }

    /// <summary>Channels the user has a contact point for.</summary>
    public ImmutableArray<Channel> Reachable { get; init; } = [];

    /// <summary>
    /// What the user spent per 30 days while active before going silent (lifetime spend ÷ days from first seen to last
    /// activity, at least 30, × 30): the "before" that spend after a return is measured against.
    /// </summary>
    public double SpendPer30Before { get; init; }

    /// <summary>The user's locale, for example <c>zh-CN</c>.</summary>
    public string? Locale { get; init; }

    /// <summary>The user's IANA time zone.</summary>
    public string? TimeZone { get; init; }

    /// <summary>The time zone to use for windows: the user's, or <paramref name="fallback"/> when unknown or not installed.</summary>
    public TimeZoneInfo ZoneOr(TimeZoneInfo fallback) =>
        TimeZone is not null && TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out var zone) ? zone : fallback;
}
