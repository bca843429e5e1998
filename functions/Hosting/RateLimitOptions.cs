namespace Reactivation.Functions.Hosting;

/// <summary>Rate limits on the public endpoints people and scanners reach from messages (section <c>RateLimit</c>).</summary>
public sealed record RateLimitOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "RateLimit";

    /// <summary>Requests one client may burst before being limited.</summary>
    public int PublicBurst { get; init; } = 60;

    /// <summary>Requests per minute one client regains (a token bucket, so a person tapping a few links never notices).</summary>
    public int PublicPerMinute { get; init; } = 120;

    /// <summary>Every problem with these options.</summary>
    public IReadOnlyList<string> Validate() =>
        PublicBurst < 1 || PublicPerMinute < 1 ? [$"RateLimit:PublicBurst and RateLimit:PublicPerMinute must be at least 1 (were {PublicBurst} and {PublicPerMinute})"] : [];
}
