using Reactivation.Functions.Api;
using Reactivation.Functions.Handlers;
using Reactivation.Functions.Pages;
using Reactivation.Infra.Storage;

namespace Reactivation.Functions.Hosting;

/// <summary>Every function of the app, declared once: function.json files, the custom-handler routes and the local host all come from here.</summary>
/// <remarks>Every HTTP function needs the admin key unless it is declared <c>Ingestion</c>, <c>EventGrid</c> or <c>Public</c> here.</remarks>
public sealed class FunctionCatalogue(IReadOnlyList<FunctionDefinition> functions)
{
    /// <summary>The functions, in declaration order.</summary>
    public IReadOnlyList<FunctionDefinition> Functions { get; } = functions;

    /// <summary>The catalogue for the given settings (the sweep schedule is a setting).</summary>
    public static FunctionCatalogue Create(AppSettings settings) => new(
    [
        FunctionDefinition.Timer<DailySweepHandler>("DailySweep", settings.Sweep.Schedule),
        FunctionDefinition.Queue<SweepShardHandler>("SweepShard", QueueNames.SweepShards),
        // The systems that send events hold the ingestion key, which cannot read what they sent (GetUser is admin).
        Ingestion(FunctionDefinition.Http("PostActivity", "POST", "activity", ActivityApi.PostAsync)),
        Ingestion(FunctionDefinition.Http("PostUsers", "POST", "users", UsersApi.PostAsync)),
        FunctionDefinition.Http("GetUser", "GET", "users/{userId}", UsersApi.GetAsync),
        FunctionDefinition.Http("GetSweep", "GET", "sweeps/{date}", SweepsApi.GetAsync),
        FunctionDefinition.Http("GetSampleSize", "GET", "experiments/samplesize", SampleSizeApi.Get),
        FunctionDefinition.Timer<MetricsRollupHandler>("MetricsRollup", settings.Measurement.RollupSchedule),
        FunctionDefinition.Timer<MeasurementDailyHandler>("MeasurementDaily", settings.Measurement.DailySchedule),
        FunctionDefinition.Queue<EnrollmentHandler>("Enrollment", QueueNames.Enrollments),
        FunctionDefinition.Queue<JourneyWorkHandler>("JourneyWork", QueueNames.JourneyWork),
        FunctionDefinition.Timer<JourneyRepairHandler>("JourneyRepair", settings.Journeys.RepairSchedule),

        // Event Grid's CloudEvents handshake is an OPTIONS request to the URL the deliveries are POSTed to.
        FunctionDefinition.Http("AcsEvents", "POST", "events/acs", AcsEventsApi.HandleAsync) with { Methods = ["options", "post"], Access = FunctionAccess.EventGrid },
        // The pages people reach from message links, at the site root so the links stay short.
        Public(FunctionDefinition.Http("PreferencesPage", "GET", "p/{token}", PreferencePage.GetAsync)),
        Public(FunctionDefinition.Http("SavePreferences", "POST", "p/{token}", PreferencePage.PostAsync)),
        Public(FunctionDefinition.Http("UnsubscribePage", "GET", "u/{token}", UnsubscribePage.GetAsync)),
        Public(FunctionDefinition.Http("Unsubscribe", "POST", "u/{token}", UnsubscribePage.PostAsync)),
        Public(FunctionDefinition.Http("Click", "GET", "r/{token}", ClickApi.FollowAsync) with { Methods = ["get", "head"] }),
        FunctionDefinition.Queue<ClickWorkHandler>("ClickWork", QueueNames.ClickWork),
        FunctionDefinition.Http("ListJourneys", "GET", "journeys", JourneysApi.ListAsync),
        FunctionDefinition.Http("PublishJourney", "POST", "journeys", JourneysApi.PublishAsync),
        FunctionDefinition.Http("GetJourney", "GET", "journeys/{journeyId}", JourneysApi.GetAsync),
        FunctionDefinition.Http("StartInstance", "POST", "journeys/{journeyId}/instances", JourneysApi.StartAsync),
        FunctionDefinition.Http("ListInstances", "GET", "instances", InstancesApi.ListAsync),
        FunctionDefinition.Http("PurgeInstances", "DELETE", "instances", InstancesApi.PurgeManyAsync),
        FunctionDefinition.Http("GetInstance", "GET", "instances/{instanceId}", InstancesApi.GetAsync),
        FunctionDefinition.Http("PurgeInstance", "DELETE", "instances/{instanceId}", InstancesApi.PurgeAsync),
        FunctionDefinition.Http("RaiseEvent", "POST", "instances/{instanceId}/raiseEvent/{eventName}", InstancesApi.RaiseEventAsync),
        FunctionDefinition.Http("TerminateInstance", "POST", "instances/{instanceId}/terminate", InstancesApi.TerminateAsync),
        FunctionDefinition.Http("SuspendInstance", "POST", "instances/{instanceId}/suspend", InstancesApi.SuspendAsync),
        FunctionDefinition.Http("ResumeInstance", "POST", "instances/{instanceId}/resume", InstancesApi.ResumeAsync),
        FunctionDefinition.Http("GetNotSent", "GET", "users/{userId}/notsent", NotSentApi.GetAsync),
        FunctionDefinition.Http("PostConsent", "POST", "consent", ConsentApi.PostAsync),
        FunctionDefinition.Http("GetConsent", "GET", "consent/{userId}", ConsentApi.GetAsync),
        FunctionDefinition.Http("GetAudit", "GET", "audit", AuditApi.GetAsync),
        FunctionDefinition.Http("GetJourneyReport", "GET", "reports/journeys/{journeyId}", ReportsApi.GetJourneyAsync),
    ]);

    private static FunctionDefinition Ingestion(FunctionDefinition function) => function with { Access = FunctionAccess.Ingestion };

    // Public by design: the signed token in the path is the credential, and the routes sit at the root so links stay short.
    private static FunctionDefinition Public(FunctionDefinition function) => function with { AtRoot = true, Access = FunctionAccess.Public };

    /// <summary>The function named <paramref name="name"/>, or null.</summary>
    public FunctionDefinition? Find(string name) =>
        Functions.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));
}
