using Reactivation.Core.Journeys;

namespace Reactivation.Core.Policy;

/// <summary>The contact policy's rules; the defaults are the seeds' (CAP-H1, CAP-I1, section 5).</summary>
public sealed record ContactPolicyOptions
{
    private IReadOnlyDictionary<string, ComplianceProfileOptions?> _regions = ComplianceDefaults.Regions();
    private IReadOnlyDictionary<string, ComplianceProfile>? _byRegion;

    /// <summary>Marketing messages per user within <see cref="CapWindowDays"/>, across channels.</summary>
    public int MaxMarketingPerWindow { get; init; } = 2;

    /// <summary>The cap's window in the user's local calendar days (today and the days before it).</summary>
    public int CapWindowDays { get; init; } = 7;

    /// <summary>Tighter caps for single channels within the same window (for example SMS: 1); channels absent here have only the overall cap.</summary>
    public IReadOnlyDictionary<Channel, int> MaxPerChannel { get; init; } = new Dictionary<Channel, int>();

    /// <summary>Marketing messages per local calendar day.</summary>
    public int MaxMarketingPerDay { get; init; } = 1;

    /// <summary>Local time the quiet hours start (default 21:00).</summary>
    public TimeOnly QuietFrom { get; init; } = new(21, 0);

    /// <summary>Local time the quiet hours end (default 09:00).</summary>
    public TimeOnly QuietUntil { get; init; } = new(9, 0);

    /// <summary>What quiet hours do to a marketing message.</summary>
    public QuietHoursAction MarketingInQuietHours { get; init; } = QuietHoursAction.Defer;

    /// <summary>What quiet hours do to a service message.</summary>
    public QuietHoursAction ServiceInQuietHours { get; init; } = QuietHoursAction.Defer;

    /// <summary>Consecutive unanswered marketing touches after which the user moves to low frequency.</summary>
    public int FatigueAfter { get; init; } = 3;

    /// <summary>In low frequency, at most one marketing touch per this many days.</summary>
    public int LowFrequencyDays { get; init; } = 30;

    /// <summary>
    /// For users whose region no profile in <see cref="Regions"/> covers (the <c>default</c> profile): whether marketing
    /// needs a recorded opt-in on every channel (true) or only the absence of an opt-out (false).
    /// </summary>
    public bool MarketingNeedsOptIn { get; init; }

    /// <summary>The compliance profiles by name (<c>Policy:Regions:CN</c>, <c>Policy:Regions:EU</c>, ...); defaults from <see cref="ComplianceDefaults"/>.</summary>
    /// <remarks>A profile replaces the default profile for the regions it covers: a US user needs an SMS opt-in but no email opt-in even when <see cref="MarketingNeedsOptIn"/> is true.</remarks>
    public IReadOnlyDictionary<string, ComplianceProfileOptions?> Regions
    {
        get => _regions;
        init
        {
            _regions = value;
            _byRegion = null;
        }
    }

    /// <summary>The profile for a user in <paramref name="region"/> (a two-letter code; null or uncovered: the default profile).</summary>
    public ComplianceProfile ProfileFor(string? region)
    {
        // Resolved once per options instance; the setter above forgets it, so a `with` copy never keeps a stale lookup.
        var byRegion = _byRegion ??= ComplianceProfiles.Resolve(_regions).ByRegion;
        return region is not null && byRegion.TryGetValue(region.ToUpperInvariant(), out var profile)
            ? profile
            : new ComplianceProfile(ComplianceProfile.DefaultName, MarketingNeedsOptIn ? new HashSet<Channel>(Enum.GetValues<Channel>()) : new HashSet<Channel>());
    }

    /// <summary>How far back the shell must load touches for <see cref="ContactPolicy.Decide"/> to see everything it counts.</summary>
    public TimeSpan LookBack => TimeSpan.FromDays(Math.Max(CapWindowDays, LowFrequencyDays) + 2);

    /// <summary>Problems with the settings, empty when they are usable.</summary>
    public IEnumerable<string> Problems()
    {
        if (MaxMarketingPerWindow < 1)
        {
            yield return "Policy:MaxMarketingPerWindow must be at least 1";
        }

        if (CapWindowDays is < 1 or > 90)
        {
            yield return "Policy:CapWindowDays must be between 1 and 90";
        }

        if (MaxMarketingPerDay < 1)
        {
            yield return "Policy:MaxMarketingPerDay must be at least 1";
        }

        foreach (var (channel, cap) in MaxPerChannel)
        {
            if (cap < 1)
            {
                yield return $"Policy:MaxPerChannel:{channel} must be at least 1";
            }
        }

        if (FatigueAfter < 1)
        {
            yield return "Policy:FatigueAfter must be at least 1";
        }

        if (LowFrequencyDays is < 1 or > 365)
        {
            yield return "Policy:LowFrequencyDays must be between 1 and 365";
        }

        foreach (var problem in ComplianceProfiles.Resolve(_regions).Problems)
        {
            yield return problem;
        }
    }
}
