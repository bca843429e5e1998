using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Reactivation.Core.Activity;
using Reactivation.Core.Users;
using Reactivation.Functions.Api;
using Reactivation.Functions.Hosting;
using Reactivation.Functions.Hosting.OpenApi;
using Reactivation.Infra.Ingestion;
using Reactivation.Infra.Journeys;

namespace Reactivation.Functions.Triggers;

/// <summary>What the systems that send events call, with the ingestion key; reading a user back is admin-only.</summary>
public sealed class IngestionFunctions(ActivityIngestor ingestor, JourneyEvents journeys, ActivityValidationOptions options, UserDirectory users, TimeProvider clock)
{
    /// <summary>Records a batch of activity events.</summary>
    [Function("PostActivity")]
    [Access(FunctionAccess.Ingestion)]
    [RequestBody(typeof(ActivityEventInput[]), "application/json", "Up to 1,000 activity events: an array, or an object with the array under `events`. All or nothing; a repeated event id is taken again without effect.")]
    [Answers(StatusCodes.Status200OK, "The batch was taken: events stored now and already stored, users touched and new, and events raised on running journeys.", Body = typeof(ActivityAccepted))]
    [Answers(StatusCodes.Status400BadRequest, "The body is not JSON or not a list, or an event is not valid (every problem is located); nothing was stored.")]
    public Task<IResult> PostActivity([HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/activity")] HttpRequest request, [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        ActivityApi.PostAsync(request, client, ingestor, journeys, options, clock, cancellationToken);

    /// <summary>Creates or updates users' contact points and locale.</summary>
    [Function("PostUsers")]
    [Access(FunctionAccess.Ingestion)]
    [RequestBody(typeof(UserInput[]), "application/json", "Up to 1,000 users: an array, or an object with the array under `users`. Absent fields are left as they are. All or nothing.")]
    [Answers(StatusCodes.Status200OK, "Every user was written: how many were created and how many updated.", Body = typeof(UsersUpserted))]
    [Answers(StatusCodes.Status400BadRequest, "The body is not JSON or not a list, or a user is not valid (every problem is located); nothing was written.")]
    public Task<IResult> PostUsers([HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/users")] HttpRequest request, CancellationToken cancellationToken) =>
        UsersApi.PostAsync(request, users, cancellationToken);

    /// <summary>A user's profile, contact data included.</summary>
    [Function("GetUser")]
    [Answers(StatusCodes.Status200OK, "The user's profile, contact data included.", Body = typeof(ProfileView))]
    [Answers(StatusCodes.Status400BadRequest, "The user id is not valid.")]
    [Answers(StatusCodes.Status404NotFound, "No such user.")]
    public Task<IResult> GetUser([HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/users/{userId}")] HttpRequest request, string userId, CancellationToken cancellationToken) =>
        UsersApi.GetAsync(userId, users, cancellationToken);
}
