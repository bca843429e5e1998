using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Reactivation.Functions.Api;
using Reactivation.Functions.Handlers;
using Reactivation.Functions.Hosting;
using Reactivation.Infra.Journeys;
using Reactivation.Infra.Links;
using Reactivation.Infra.Storage;

namespace Reactivation.Functions.Triggers;

/// <summary>Journeys: the hand-offs into orchestrations, and the definitions' management API.</summary>
public sealed class JourneyFunctions(
    EnrollmentHandler enrollment, JourneyLibrary library, JourneyDefaults defaults, JourneyEnroller enroller, SignedLinkOptions links, ILogger<JourneyFunctions> logger)
{
    /// <summary>Takes the sweep's hand-offs into the journeys their entry rules pick.</summary>
    [Function("Enrollment")]
    public async Task Enrollment(
        [QueueTrigger(QueueNames.Enrollments)] string message, long dequeueCount, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        logger.LogInformation("Enrollment: {Log}", await enrollment.HandleAsync(message, client, cancellationToken).ConfigureAwait(false));

    /// <summary>The latest version of every journey.</summary>
    [Function("ListJourneys")]
    public Task<IResult> ListJourneys([HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/journeys")] HttpRequest request, CancellationToken cancellationToken) =>
        JourneysApi.ListAsync(library, defaults, cancellationToken);

    /// <summary>Publishes a new version of a journey.</summary>
    [Function("PublishJourney")]
    public Task<IResult> PublishJourney([HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/journeys")] HttpRequest request, CancellationToken cancellationToken) =>
        JourneysApi.PublishAsync(request, library, defaults, cancellationToken);

    /// <summary>Every version of one journey.</summary>
    [Function("GetJourney")]
    public Task<IResult> GetJourney([HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/journeys/{journeyId}")] HttpRequest request, string journeyId, CancellationToken cancellationToken) =>
        JourneysApi.GetAsync(journeyId, library, cancellationToken);

    /// <summary>Starts an instance of a journey for a user.</summary>
    [Function("StartInstance")]
    public Task<IResult> StartInstance(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/journeys/{journeyId}/instances")] HttpRequest request, string journeyId,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        JourneysApi.StartAsync(journeyId, request, client, enroller, defaults, links, cancellationToken);
}
