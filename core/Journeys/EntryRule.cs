using Reactivation.Core.Silence;
using Reactivation.Core.Sweeps;

namespace Reactivation.Core.Journeys;

/// <summary>Which sweep hand-offs a journey takes: every list given must contain the hand-off's value.</summary>
public sealed record EntryRule
{
    /// <summary>Hand-off reasons (becameSilent, movedDeeper, earlyWarning).</summary>
    public IReadOnlyList<HandoffReason>? Reasons { get; init; }

    /// <summary>Dormancy bands.</summary>
    public IReadOnlyList<DormancyBand>? Bands { get; init; }

    /// <summary>RFM tiers.</summary>
    public IReadOnlyList<ValueTier>? Tiers { get; init; }

    /// <summary>Silence causes.</summary>
    public IReadOnlyList<SilenceCause>? Causes { get; init; }

    /// <summary>True when the journey takes <paramref name="handoff"/>.</summary>
    public bool Matches(EnrollmentHandoff handoff) =>
        (Reasons is null || Reasons.Contains(handoff.Reason))
        && (Bands is null || Bands.Contains(handoff.Band))
        && (Tiers is null || Tiers.Contains(handoff.Tier))
        && (Causes is null || Causes.Contains(handoff.Cause));
}
