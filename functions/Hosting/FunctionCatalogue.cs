using Reactivation.Functions.Api;
using Reactivation.Functions.Handlers;
using Reactivation.Functions.Pages;
using Reactivation.Infra.Storage;

namespace Reactivation.Functions.Hosting;

/// <summary>Every function of the app, declared once: function.json files, the custom-handler routes and the local host all come from here.</summary>
public sealed class FunctionCatalogue(IReadOnlyList<FunctionDefinition> functions)
{
    /// <summary>The functions, in declaration order.</summary>
    public IReadOnlyList<FunctionDefinition> Functions { get; } = functions;

    /// <summary>The catalogue for the given settings (the sweep schedule is a setting).</summary>
    public static FunctionCatalogue Create(AppSettings settings) => new(
    [
        FunctionDefinition.Timer<DailySweepHandler>("DailySweep", settings.Sweep.Schedule),
        FunctionDefinition.Queue<SweepShardHandler>("SweepShard", QueueNames.SweepShards),
        FunctionDefinition.Http("PostActivity", "POST", "activity", ActivityApi.PostAsync),
        FunctionDefinition.Http("PostUsers", "POST", "users", UsersApi.PostAsync),
        FunctionDefinition.Http("GetUser", "GET", "users/{userId}", UsersApi.GetAsync),
        FunctionDefinition.Http("GetSweep", "GET", "sweeps/{date}", SweepsApi.GetAsync),
        FunctionDefinition.Http("GetSampleSize", "GET", "experiments/samplesize", SampleSizeApi.Get),
        FunctionDefinition.Timer<MetricsRollupHandler>("MetricsRollup", settings.Measurement.RollupSchedule),
        FunctionDefinition.Timer<MeasurementDailyHandler>("MeasurementDaily", settings.Measurement.DailySchedule),
        FunctionDefinition.Queue<EnrollmentHandler>("Enrollment", QueueNames.Enrollments),
        FunctionDefinition.Queue<JourneyWorkHandler>("JourneyWork", QueueNames.JourneyWork),
        FunctionDefinition.Timer<JourneyRepairHandler>("JourneyRepair", settings.Journeys.RepairSchedule),

        // Event Grid's CloudEvents handshake is an OPTIONS request to the URL the deliveries are POSTed to.
        FunctionDefinition.Http("AcsEvents", "POST", "events/acs", AcsEventsApi.HandleAsync) with { Methods = ["options", "post"] },
        // The pages people reach from message links, at the site root so the links stay short.
        Public(FunctionDefinition.Http("PreferencesPage", "GET", "p/{token}", PreferencePage.GetAsync)),
        Public(FunctionDefinition.Http("SavePreferences", "POST", "p/{token}", PreferencePage.PostAsync)),
        Public(FunctionDefinition.Http("UnsubscribePage", "GET", "u/{token}", UnsubscribePage.GetAsync)),
        Public(FunctionDefinition.Http("Unsubscribe", "POST", "u/{token}", UnsubscribePage.PostAsync)),
        FunctionDefinition.Http("Click", "GET", "r/{token}", ClickApi.FollowAsync) with { AtRoot = true, Methods = ["get", "head"] },
        FunctionDefinition.Queue<ClickWorkHandler>("ClickWork", QueueNames.ClickWork),
        Admin(FunctionDefinition.Http("ListJourneys", "GET", "journeys", JourneysApi.ListAsync)),
        Admin(FunctionDefinition.Http("PublishJourney", "POST", "journeys", JourneysApi.PublishAsync)),
        Admin(FunctionDefinition.Http("GetJourney", "GET", "journeys/{journeyId}", JourneysApi.GetAsync)),
        Admin(FunctionDefinition.Http("StartInstance", "POST", "journeys/{journeyId}/instances", JourneysApi.StartAsync)),
        Admin(FunctionDefinition.Http("ListInstances", "GET", "instances", InstancesApi.ListAsync)),
        Admin(FunctionDefinition.Http("PurgeInstances", "DELETE", "instances", InstancesApi.PurgeManyAsync)),
        Admin(FunctionDefinition.Http("GetInstance", "GET", "instances/{instanceId}", InstancesApi.GetAsync)),
        Admin(FunctionDefinition.Http("PurgeInstance", "DELETE", "instances/{instanceId}", InstancesApi.PurgeAsync)),
        Admin(FunctionDefinition.Http("RaiseEvent", "POST", "instances/{instanceId}/raiseEvent/{eventName}", InstancesApi.RaiseEventAsync)),
        Admin(FunctionDefinition.Http("TerminateInstance", "POST", "instances/{instanceId}/terminate", InstancesApi.TerminateAsync)),
        Admin(FunctionDefinition.Http("SuspendInstance", "POST", "instances/{instanceId}/suspend", InstancesApi.SuspendAsync)),
        Admin(FunctionDefinition.Http("ResumeInstance", "POST", "instances/{instanceId}/resume", InstancesApi.ResumeAsync)),
        Admin(FunctionDefinition.Http("GetNotSent", "GET", "users/{userId}/notsent", NotSentApi.GetAsync)),
        Admin(FunctionDefinition.Http("PostConsent", "POST", "consent", ConsentApi.PostAsync)),
        Admin(FunctionDefinition.Http("GetConsent", "GET", "consent/{userId}", ConsentApi.GetAsync)),
        Admin(FunctionDefinition.Http("GetAudit", "GET", "audit", AuditApi.GetAsync)),
        Admin(FunctionDefinition.Http("GetJourneyReport", "GET", "reports/journeys/{journeyId}", ReportsApi.GetJourneyAsync)),
    ]);

    private static FunctionDefinition Admin(FunctionDefinition function) => function with { RequiresAdminKey = true };

    private static FunctionDefinition Public(FunctionDefinition function) => function with { AtRoot = true };

    /// <summary>The function named <paramref name="name"/>, or null.</summary>
    public FunctionDefinition? Find(string name) =>
        Functions.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));
}
