using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Reactivation.Functions.Api;
using Reactivation.Functions.Handlers;
using Reactivation.Functions.Hosting;
using Reactivation.Functions.Hosting.OpenApi;
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
    [Answers(StatusCodes.Status200OK, "The latest version of every journey.", Body = typeof(List<JourneySummary>))]
    public Task<IResult> ListJourneys([HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/journeys")] HttpRequest request, CancellationToken cancellationToken) =>
        JourneysApi.ListAsync(library, defaults, cancellationToken);

    /// <summary>Publishes a new version of a journey.</summary>
    [Function("PublishJourney")]
    [RequestBody(typeof(System.Text.Json.Nodes.JsonNode), "application/json", "The journey definition (see the README's \"Journeys\").")]
    [Answers(StatusCodes.Status201Created, "The version was published; new enrollments take it, running instances keep theirs.", Body = typeof(JourneyPublished))]
    [Answers(StatusCodes.Status400BadRequest, "The definition is invalid; every problem is located.")]
    [Answers(StatusCodes.Status409Conflict, "The version is not higher than every stored version of the journey.")]
    public Task<IResult> PublishJourney([HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/journeys")] HttpRequest request, CancellationToken cancellationToken) =>
        JourneysApi.PublishAsync(request, library, defaults, cancellationToken);

    /// <summary>Every version of one journey.</summary>
    [Function("GetJourney")]
    [Answers(StatusCodes.Status200OK, "Every version of the journey, oldest first, as published.", Body = typeof(List<System.Text.Json.Nodes.JsonNode>))]
    [Answers(StatusCodes.Status404NotFound, "No such journey.")]
    public Task<IResult> GetJourney([HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/journeys/{journeyId}")] HttpRequest request, string journeyId, CancellationToken cancellationToken) =>
        JourneysApi.GetAsync(journeyId, library, cancellationToken);

    /// <summary>Starts an instance of a journey for a user.</summary>
    [Function("StartInstance")]
    [RequestBody(typeof(JourneysApi.StartRequest), "application/json", "The user, and optionally the band, tier and cause to enroll them with.")]
    [Answers(StatusCodes.Status202Accepted, "The instance was scheduled; the check-status links, with Location.", Body = typeof(CheckStatusView))]
    [Answers(StatusCodes.Status400BadRequest, "The user id is invalid or the body is not JSON.")]
    [Answers(StatusCodes.Status404NotFound, "No such journey.")]
    [Answers(StatusCodes.Status409Conflict, "The user is already in a journey, or within its cooldown.")]
    public Task<IResult> StartInstance(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/journeys/{journeyId}/instances")] HttpRequest request, string journeyId,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        JourneysApi.StartAsync(journeyId, request, client, enroller, defaults, links, cancellationToken);
}
