using Microsoft.Extensions.DependencyInjection.Extensions;
using Reactivation.Functions.Handlers;
using Reactivation.Infra.Audit;
using Reactivation.Infra.Ingestion;
using Reactivation.Infra.Journeys;
using Reactivation.Infra.Links;
using Reactivation.Infra.Measurement;
using Reactivation.Infra.Messaging;
using Reactivation.Infra.Offers;
using Reactivation.Infra.Policy;
using Reactivation.Infra.Storage;
using Reactivation.Infra.Sweeps;
using Reactivation.Infra.Tracking;

namespace Reactivation.Functions.Hosting;

/// <summary>Registers the app's services: one place for the whole object graph.</summary>
public static class ServiceRegistration
{
    /// <summary>Adds storage, ingestion, sweeps and the function handlers.</summary>
    public static IServiceCollection AddReactivation(this IServiceCollection services, AppSettings settings)
    {
        services.AddSingleton(settings);
        services.AddSingleton(settings.Storage);
        services.AddSingleton(settings.Silence);
        services.AddSingleton(settings.Activity);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<StorageAccount>();
        services.AddSingleton<PhoneIndex>();
        services.AddSingleton<ContactState>();
        services.AddSingleton<ContactStateMigration>();
        services.AddSingleton<ProfileWriter>();
        services.AddSingleton<ActivityIngestor>();
        services.AddSingleton<UserDirectory>();
        services.AddSingleton<SweepStore>();
        services.AddSingleton(settings.Sweep.Pacing);
        services.AddSingleton<IHandoffPublisher, QueueHandoffPublisher>();
        services.AddSingleton<SweepRunner>();
        services.AddSingleton(settings.Journeys);
        services.AddSingleton(settings.Admin);
        services.AddSingleton(settings.Ingestion);
        services.AddSingleton(settings.Channels);
        services.AddSingleton(sp => TemplateCatalogue.Load(
            JourneyOptions.Resolve(settings.Journeys.TemplatesPath), settings.Journeys.MaxSmsSegments, settings.Journeys.FallbackLocales, sp.GetRequiredService<LinkMinter>()));
        services.AddSingleton<JourneyLibrary>();
        services.AddSingleton<JourneyStore>();
        services.AddSingleton(settings.Acs);
        services.AddSingleton<MessageRenderer>();
        services.AddSingleton<OutboxChannel>();
        services.AddSingleton(settings.Webhook);
        services.AddSingleton<ContactBlocks>();
        services.AddSingleton<DeliveryIndex>();
        services.AddSingleton<FailureStreaks>();
        services.AddSingleton(settings.Policy);
        services.AddSingleton<ConsentFlags>();

        // IP addresses in the consent ledger are kept only as a hash keyed by a secret of the deployment's own.
        services.AddSingleton(sp => new ConsentLedger(
            sp.GetRequiredService<StorageAccount>(), sp.GetRequiredService<ConsentFlags>(),
            System.Security.Cryptography.HMACSHA256.HashData(settings.Offers.SecretKey, "consent ip hash v1"u8), sp.GetRequiredService<AuditTrail>()));
        services.AddSingleton<AuditTrail>();
        services.AddSingleton<ContactLedger>();
        services.AddSingleton<LinkConsent>();
        services.AddSingleton<NotSentLedger>();
        services.AddSingleton(settings.Offers);
        services.AddSingleton(_ => settings.Offers.LoadCatalogue());
        services.AddSingleton<OfferDesk>();
        services.AddSingleton(settings.Links);
        services.AddSingleton<LinkKeyStore>();

        // Read once per process, before the first link is minted or verified; DI factories are synchronous, and nothing
        // awaits on a synchronisation context here, so waiting on the read cannot deadlock.
        services.AddSingleton(sp => sp.GetRequiredService<LinkKeyStore>()
            .KeyringAsync(settings.Links, settings.Offers.SecretKey, sp.GetRequiredService<TimeProvider>().GetUtcNow(), CancellationToken.None).GetAwaiter().GetResult());
        services.AddSingleton<LinkMinter>();
        services.AddSingleton<ClickLedger>();
        services.AddSingleton<ClickQueueWriter>();
        services.AddSingleton<ClickBack>();
        services.AddSingleton<ClickProcessor>();
        services.AddSingleton<ClickWorkHandler>();
        services.AddSingleton<AttributionLedger>();
        services.AddSingleton(settings.Measurement);
        services.AddSingleton<MetricsStore>();
        services.AddSingleton<MeasurementRecorder>();
        services.AddSingleton<JourneyReports>();

        // The send path: the contact policy first (a held-back message costs nothing), then the offer, then the provider.
        services.TryAddSingleton<IMessageChannel>(sp => ActivatorUtilities.CreateInstance<PolicyChannel>(sp, (IMessageChannel)ActivatorUtilities.CreateInstance<OfferChannel>(sp, (IMessageChannel)new ChannelRouter(
            settings.Acs.Enabled
                ? new AcsChannel(
                    new AcsHttp(new HttpClient { Timeout = settings.Acs.RequestTimeout }, AcsConnectionString.TryParse(settings.Acs.ConnectionString, out _)!, settings.Acs,
                        sp.GetRequiredService<TimeProvider>(), sp.GetService<Azure.Core.TokenCredential>() ?? new Azure.Identity.DefaultAzureCredential()),
                    settings.Acs, sp.GetRequiredService<MessageRenderer>(), sp.GetRequiredService<ContactBlocks>(), sp.GetRequiredService<DeliveryIndex>(),
                    sp.GetRequiredService<LinkMinter>(), sp.GetRequiredService<TimeProvider>())
                : null,
            settings.Webhook.Enabled
                ? new WebhookChannel(new HttpClient { Timeout = settings.Webhook.RequestTimeout }, settings.Webhook, sp.GetRequiredService<MessageRenderer>())
                : null,
            settings.Channels.Outbox ? sp.GetRequiredService<OutboxChannel>() : null))));
        services.AddSingleton<JourneyMessenger>();
        services.AddSingleton<Reactivation.Infra.Orchestration.JourneyStepActivity>();
        services.AddSingleton<Reactivation.Infra.Orchestration.JourneyClock>();
        services.AddSingleton<JourneyEnroller>();
        services.AddSingleton<JourneyEvents>();
        services.AddSingleton<DeliveryReportHandler>();
        services.AddSingleton<InboundSmsHandler>();
        services.AddSingleton<JourneyDefaults>();
        services.AddSingleton<DailySweepHandler>();
        services.AddSingleton<EnrollmentHandler>();
        services.AddSingleton<MetricsRollupHandler>();
        services.AddSingleton<MeasurementDailyHandler>();
        services.AddSingleton<SweepShardHandler>();
        services.AddSingleton(settings.Alerts);
        services.AddSingleton<AlertLedger>();
        services.AddSingleton(sp => new AlertNotifier(
            new HttpClient { Timeout = TimeSpan.FromSeconds(30) }, settings.Alerts, sp.GetRequiredService<AlertLedger>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<AlertRun>();
        services.AddSingleton<Pages.PageServices>();
        services.AddSingleton(new AppFunctions(AppFunction.All, settings));
        return services;
    }
}
