using Reactivation.Core.Activity;
using Reactivation.Core.Policy;
using Reactivation.Core.Silence;
using Reactivation.Infra.Journeys;
using Reactivation.Infra.Links;
using Reactivation.Infra.Measurement;
using Reactivation.Infra.Messaging;
using Reactivation.Infra.Offers;
using Reactivation.Infra.Storage;

namespace Reactivation.Functions.Hosting;

/// <summary>Every setting the app reads, bound from configuration and validated together at startup.</summary>
/// <param name="Storage">Storage account, shards, prefix.</param>
/// <param name="Silence">The silence policy.</param>
/// <param name="Activity">Activity validation limits.</param>
/// <param name="Sweep">The sweep schedule.</param>
/// <param name="Journeys">The journey engine.</param>
/// <param name="Admin">The management endpoints' key.</param>
/// <param name="Acs">Azure Communication Services (empty: the local outbox).</param>
/// <param name="Webhook">The webhook channel (empty: the local outbox).</param>
/// <param name="Policy">The contact policy: frequency caps, quiet hours, fatigue, consent defaults.</param>
/// <param name="Offers">The offer catalogue and the coupon-code secret.</param>
/// <param name="Links">Signed tracking, unsubscribe and preference links.</param>
/// <param name="RateLimit">Per-client limits on the public endpoints.</param>
/// <param name="Measurement">The return window, channel unit costs and roll-up schedules.</param>
/// <param name="Alerts">KPI alert thresholds and the alert webhook (empty: alerts are only recorded).</param>
/// <param name="Ingestion">The key of the endpoints that take activity and users.</param>
/// <param name="Channels">The channels this deployment can send on, and whether the local outbox stands in for missing providers.</param>
public sealed record AppSettings(
    StorageOptions Storage, SilencePolicy Silence, ActivityValidationOptions Activity, SweepOptions Sweep, JourneyOptions Journeys, AdminOptions Admin, AcsOptions Acs,
    WebhookOptions Webhook, ContactPolicyOptions Policy, OfferOptions Offers, SignedLinkOptions Links, RateLimitOptions RateLimit,
    MeasurementOptions Measurement, AlertOptions Alerts, IngestionOptions Ingestion, ConfiguredChannels Channels)
{
    /// <summary>The app settings Azure App Service sets on every function app; one of them present means the app runs in Azure.</summary>
    public static readonly string[] AzureHostSettings = ["WEBSITE_INSTANCE_ID", "WEBSITE_SITE_NAME"];

    /// <summary>True when the app runs in Azure (told from <see cref="AzureHostSettings"/>).</summary>
    public bool InAzure { get; init; }

    /// <summary>Where traces and metrics go.</summary>
    public TelemetryOptions Telemetry { get; init; } = new();

    /// <summary>True in Azure, or when storage is not the local emulator: production's rules apply (see <see cref="StorageOptions.IsLocalEmulator"/>).</summary>
    public bool Deployed => InAzure || !Storage.IsLocalEmulator;

    /// <summary>The schedules timer functions name as <c>%Setting%</c>, by setting, as configured or defaulted.</summary>
    public IReadOnlyDictionary<string, string> Schedules => new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["Sweep:Schedule"] = Sweep.Schedule,
        ["Measurement:RollupSchedule"] = Measurement.RollupSchedule,
        ["Measurement:DailySchedule"] = Measurement.DailySchedule,
    };

    /// <summary>Binds and validates; throws with every problem listed when anything is wrong.</summary>
    /// <exception cref="InvalidOperationException">Some setting is invalid.</exception>
    public static AppSettings Load(IConfiguration configuration)
    {
        var storage = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        if (string.IsNullOrWhiteSpace(storage.ConnectionString) && configuration["AzureWebJobsStorage"] is { Length: > 0 } jobs)
        {
            storage = storage with { ConnectionString = jobs };
        }

        // The Functions host's identity-based connection (AzureWebJobsStorage__accountName): the app reaches the same
        // account the same way, with its managed identity, so shared-key access can be off.
        if (string.IsNullOrWhiteSpace(storage.ConnectionString) && string.IsNullOrWhiteSpace(storage.AccountName)
            && configuration["AzureWebJobsStorage:accountName"] is { Length: > 0 } accountName)
        {
            storage = storage with { AccountName = accountName };
        }

        var silence = configuration.GetSection("Silence").Get<SilencePolicy>() ?? new SilencePolicy();
        var activity = configuration.GetSection("Activity").Get<ActivityValidationOptions>() ?? new ActivityValidationOptions();
        var sweep = configuration.GetSection(SweepOptions.Section).Get<SweepOptions>() ?? new SweepOptions();
        var journeys = configuration.GetSection(JourneyOptions.Section).Get<JourneyOptions>() ?? new JourneyOptions();
        var admin = configuration.GetSection(AdminOptions.Section).Get<AdminOptions>() ?? new AdminOptions();
        var acs = configuration.GetSection(AcsOptions.Section).Get<AcsOptions>() ?? new AcsOptions();
        var webhook = configuration.GetSection(WebhookOptions.Section).Get<WebhookOptions>() ?? new WebhookOptions();
        var policy = configuration.GetSection("Policy").Get<ContactPolicyOptions>() ?? new ContactPolicyOptions();
        var offers = configuration.GetSection(OfferOptions.Section).Get<OfferOptions>() ?? new OfferOptions();
        if (string.IsNullOrEmpty(offers.CouponSecret) && CouponSecrets.FromStorageKey(storage.ConnectionString) is { } derived)
        {
            offers = offers with { CouponSecret = derived };
        }

        var links = configuration.GetSection(SignedLinkOptions.Section).Get<SignedLinkOptions>() ?? new SignedLinkOptions();
        var rateLimit = configuration.GetSection(RateLimitOptions.Section).Get<RateLimitOptions>() ?? new RateLimitOptions();
        var measurement = configuration.GetSection(MeasurementOptions.Section).Get<MeasurementOptions>() ?? new MeasurementOptions();
        var alerts = configuration.GetSection(AlertOptions.Section).Get<AlertOptions>() ?? new AlertOptions();
        var ingestion = configuration.GetSection(IngestionOptions.Section).Get<IngestionOptions>() ?? new IngestionOptions();
        var messaging = configuration.GetSection(MessagingOptions.Section).Get<MessagingOptions>() ?? new MessagingOptions();
        var telemetry = TelemetryOptions.From(configuration);
        var inAzure = AzureHostSettings.Any(name => !string.IsNullOrEmpty(configuration[name]));
        var channels = ConfiguredChannels.From(acs, webhook, messaging.UseLocalOutbox ?? (storage.IsLocalEmulator && !inAzure));
        var problems = storage.Validate().Concat(silence.Validate()).Concat(sweep.Validate()).Concat(journeys.Validate()).Concat(admin.Validate())
            .Concat(acs.Validate()).Concat(webhook.Validate()).Concat(policy.Problems()).Concat(offers.Validate())
            .Concat(links.Validate(offers.SecretKey)).Concat(rateLimit.Validate()).Concat(measurement.Validate()).Concat(alerts.Validate())
            .Concat(ingestion.Validate(admin.Key)).Concat(ProductionProblems(inAzure || !storage.IsLocalEmulator, acs, channels, journeys)).Concat(AzureProblems(inAzure, storage, configuration["AzureWebJobsStorage"], configuration["AzureWebJobsStorage:accountName"], configuration["JourneyTaskHub"])).Concat(TimeoutProblems(journeys, acs, webhook)).Concat(telemetry.Validate()).ToList();
        foreach (var (name, schedule) in new[] { ("RollupSchedule", measurement.RollupSchedule), ("DailySchedule", measurement.DailySchedule) })
        {
            if (!Cronos.CronExpression.TryParse(schedule, Cronos.CronFormat.IncludeSeconds, out _))
            {
                problems.Add($"Measurement:{name} '{schedule}' is not an NCRONTAB expression with seconds");
            }
        }

        if (activity.MaxBatchSize is < 1 or > 1_000)
        {
            problems.Add($"Activity:MaxBatchSize must be 1 to 1000 (was {activity.MaxBatchSize})");
        }

        if (!activity.CurrencyRates.ContainsKey(activity.ReportingCurrency))
        {
            problems.Add($"Activity:CurrencyRates must include the reporting currency {activity.ReportingCurrency}");
        }

        return problems.Count == 0
            ? new AppSettings(storage, silence, activity, sweep, journeys, admin, acs, webhook, policy, offers, links, rateLimit, measurement, alerts, ingestion, channels) { InAzure = inAzure, Telemetry = telemetry }
            : throw new InvalidOperationException("invalid configuration:" + string.Concat(problems.Select(p => Environment.NewLine + "  - " + p)));
    }

    // A send attempt is cut off at Journeys:SendAttemptTimeout: a provider's own timeouts must fit inside it, or a slow
    // but healthy send would be cancelled and retried as if it had failed.
    private static IEnumerable<string> TimeoutProblems(JourneyOptions journeys, AcsOptions acs, WebhookOptions webhook)
    {
        if (acs.Enabled && acs.LongestAttempt > journeys.SendAttemptTimeout)
        {
            yield return $"Journeys:SendAttemptTimeout ({journeys.SendAttemptTimeout:c}) is shorter than the longest ACS attempt ({acs.LongestAttempt:c}: " +
                "the email POST and its last poll, each up to 3 tries of Acs:RequestTimeout with Acs:MaxInlineRetryAfter between, around Acs:EmailPollTimeout)";
        }

        if (webhook.Enabled && webhook.RequestTimeout > journeys.SendAttemptTimeout)
        {
            yield return $"Journeys:SendAttemptTimeout ({journeys.SendAttemptTimeout:c}) is shorter than Webhook:RequestTimeout ({webhook.RequestTimeout:c})";
        }
    }

    // A deployment fails closed: it must be able to send somewhere real (the local outbox only when chosen on purpose),
    // and the endpoint that takes delivery reports and STOP replies must not be open to anyone.
    // The host's queue triggers listen on AzureWebJobsStorage under the queue names the [Function] attributes give; the app
    // must put its messages on those same queues, or nothing it enqueues is ever processed.
    private static IEnumerable<string> AzureProblems(bool inAzure, StorageOptions storage, string? jobsStorage, string? jobsAccount, string? taskHub)
    {
        if (!inAzure)
        {
            yield break;
        }

        if (!TaskHubName.IsValid(taskHub))
        {
            yield return $"JourneyTaskHub must name the journeys' Durable task hub in Azure (host.json reads it): 3 to 45 letters and digits, starting with a letter (was '{taskHub}')";
        }

        if (storage.Prefix.Length > 0)
        {
            yield return $"Storage:Prefix must be empty in Azure (was '{storage.Prefix}'): the queue triggers name their queues without it; give each environment its own storage account";
        }

        if (!string.IsNullOrEmpty(jobsStorage) && storage.ConnectionString != jobsStorage)
        {
            yield return "Storage:ConnectionString must be the AzureWebJobsStorage account in Azure (leave it unset to use AzureWebJobsStorage): the queue triggers listen there";
        }

        if (!string.IsNullOrEmpty(jobsAccount) && (!storage.UsesIdentity || storage.AccountName != jobsAccount))
        {
            yield return "Storage must be the AzureWebJobsStorage__accountName account in Azure, reached the same way (leave Storage:ConnectionString and Storage:AccountName unset): the queue triggers listen there";
        }
    }

    private static IEnumerable<string> ProductionProblems(bool deployed, AcsOptions acs, ConfiguredChannels channels, JourneyOptions journeys)
    {
        if (!deployed)
        {
            yield break;
        }

        if (channels.Channels.Count == 0)
        {
            yield return "no channel can send: set Acs:ConnectionString (SMS and email) or Webhook:Url. (Messaging:UseLocalOutbox=true keeps messages in " +
                "a local table instead, answered as sent: for local runs, and a deployment only on purpose.)";
        }

        if (acs.Enabled && acs.EventGridKey.Length == 0)
        {
            yield return "Acs:EventGridKey is required when deployed: it is the ?key= Event Grid presents with delivery reports and inbound SMS (STOP)";
        }

        if (journeys.SimulatedClock)
        {
            yield return "Journeys:SimulatedClock is for the time-lapse demo and tests: a deployment runs journeys on Durable's timers";
        }
    }
}
