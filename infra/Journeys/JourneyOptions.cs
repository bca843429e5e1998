using Reactivation.Core.Journeys;

namespace Reactivation.Infra.Journeys;

/// <summary>Settings of the journey engine (configuration section <c>Journeys</c>).</summary>
public sealed record JourneyOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Journeys";

    /// <summary>The folder of default journey definitions (relative paths are under the app's directory).</summary>
    public string DefinitionsPath { get; init; } = "journeys";

    /// <summary>The template catalogue file.</summary>
    public string TemplatesPath { get; init; } = "templates/templates.json";

    /// <summary>SMS templates longer than this many segments are warned about when templates load.</summary>
    public int MaxSmsSegments { get; init; } = 2;

    /// <summary>The global holdout, in percent of users (0 to 50).</summary>
    public double HoldoutPercent { get; init; } = 5;

    /// <summary>The holdout's salt; a new salt draws a new holdout.</summary>
    public string HoldoutSalt { get; init; } = "global";

    /// <summary>How long an unanswered send waits before it is reconciled (longer than <see cref="SendAttemptTimeout"/>, so it never races a live attempt).</summary>
    public TimeSpan SendTimeout { get; init; } = TimeSpan.FromMinutes(6);

    /// <summary>How long one send attempt may take (the provider's calls, retries waited inline and an email's polling) before it counts as a transient failure.</summary>
    public TimeSpan SendAttemptTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long an enrollment's claim on a user may point at an instance Durable does not have before another enrollment
    /// takes it over: the claimer died between claiming and scheduling. Until then a second enrollment of the user waits
    /// for the claimer, so one instance id is never scheduled twice.
    /// </summary>
    public TimeSpan EnrollmentClaimTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// True when journeys run on the app's clock, read through an activity and moved on by clock ticks, instead of
    /// Durable's timers: for the time-lapse demo and tests on a fake clock only; a deployment refuses it.
    /// </summary>
    public bool SimulatedClock { get; init; }

    /// <summary>The zone for time windows when a user's is unknown.</summary>
    public string DefaultTimeZone { get; init; } = "Asia/Shanghai";

    /// <summary>Locales tried, in order, when a template has no variant of the user's language (and for users with no locale).</summary>
    public IReadOnlyList<string> FallbackLocales { get; init; } = ["zh-CN", "en-US"];

    /// <summary>The step function's settings derived from these options.</summary>
    public StepperOptions Stepper => new(SendTimeout, TimeZoneInfo.TryFindSystemTimeZoneById(DefaultTimeZone, out var zone) ? zone : TimeZoneInfo.Utc);

    /// <summary>The settings an orchestration started now carries for its whole life.</summary>
    public Orchestration.JourneyRunSettings RunSettings => new(SendTimeout, DefaultTimeZone, SimulatedClock);

    /// <summary>The holdout these options describe.</summary>
    public Holdout Holdout => new(HoldoutPercent, HoldoutSalt);

    /// <summary>A path resolved against the app's directory when relative.</summary>
    public static string Resolve(string path) => Path.IsPathRooted(path) ? path : Path.Combine(AppContext.BaseDirectory, path);

    /// <summary>Every problem with these options.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (HoldoutPercent is < 0 or > 50)
        {
            problems.Add($"Journeys:HoldoutPercent must be 0 to 50 (was {HoldoutPercent})");
        }

        if (MaxSmsSegments is < 1 or > 10)
        {
            problems.Add($"Journeys:MaxSmsSegments must be 1 to 10 (was {MaxSmsSegments})");
        }

        if (string.IsNullOrWhiteSpace(HoldoutSalt))
        {
            problems.Add("Journeys:HoldoutSalt must not be empty");
        }

        if (SendAttemptTimeout < TimeSpan.FromSeconds(1))
        {
            problems.Add("Journeys:SendAttemptTimeout must be at least a second");
        }

        if (EnrollmentClaimTimeout < TimeSpan.FromSeconds(1) || EnrollmentClaimTimeout > TimeSpan.FromMinutes(10))
        {
            problems.Add($"Journeys:EnrollmentClaimTimeout must be 1 second to 10 minutes (was {EnrollmentClaimTimeout:c})");
        }

        if (SendTimeout <= SendAttemptTimeout)
        {
            problems.Add($"Journeys:SendTimeout ({SendTimeout:c}) must be longer than Journeys:SendAttemptTimeout ({SendAttemptTimeout:c}): a send is reconciled only once no attempt can still be running");
        }

        if (!TimeZoneInfo.TryFindSystemTimeZoneById(DefaultTimeZone, out _))
        {
            problems.Add($"Journeys:DefaultTimeZone '{DefaultTimeZone}' is not a known time zone");
        }

        if (!Directory.Exists(Resolve(DefinitionsPath)))
        {
            problems.Add($"Journeys:DefinitionsPath '{DefinitionsPath}' is not a folder");
        }

        if (!File.Exists(Resolve(TemplatesPath)))
        {
            problems.Add($"Journeys:TemplatesPath '{TemplatesPath}' is not a file");
        }

        return problems;
    }
}
