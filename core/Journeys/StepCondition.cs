using Reactivation.Core.Silence;

namespace Reactivation.Core.Journeys;

/// <summary>A branch condition: every field that is given must hold (lists mean "any of").</summary>
public sealed record StepCondition
{
    /// <summary>Dormancy bands.</summary>
    public IReadOnlyList<DormancyBand>? Bands { get; init; }

    /// <summary>RFM tiers.</summary>
    public IReadOnlyList<ValueTier>? Tiers { get; init; }

    /// <summary>Silence causes.</summary>
    public IReadOnlyList<SilenceCause>? Causes { get; init; }

    /// <summary>Whether the user is drifting toward silence.</summary>
    public bool? EarlyWarning { get; init; }

    /// <summary>Channels of which at least one must be available: a contact point and no opt-out.</summary>
    public IReadOnlyList<Channel>? Channels { get; init; }

    /// <summary>Channels of which at least one must not be opted out of (a missing contact point does not matter).</summary>
    public IReadOnlyList<Channel>? Consent { get; init; }

    /// <summary>Locale prefixes, for example <c>zh</c> or <c>en-US</c>.</summary>
    public IReadOnlyList<string>? Locales { get; init; }

    /// <summary>Variants from earlier splits, by name.</summary>
    public IReadOnlyList<string>? Variants { get; init; }

    /// <summary>True when the condition holds for the instance.</summary>
    public bool Matches(JourneyContext context, JourneyState state) =>
        (Bands is null || Bands.Contains(context.Band))
        && (Tiers is null || Tiers.Contains(context.Tier))
        && (Causes is null || Causes.Contains(context.Cause))
        && (EarlyWarning is null || EarlyWarning == context.EarlyWarning)
        && (Channels is null || Channels.Any(c => context.Reachable.Contains(c) && !state.OptedOut.Contains(c)))
        && (Consent is null || Consent.Any(c => !state.OptedOut.Contains(c)))
        && (Locales is null || Locales.Any(l => LocaleMatches(context.Locale, l)))
        && (Variants is null || Variants.Any(v => state.Variants.Values.Contains(v, StringComparer.Ordinal)));

    private static bool LocaleMatches(string? locale, string prefix) =>
        locale is not null
        && locale.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
        && (locale.Length == prefix.Length || locale[prefix.Length] == '-');
}
