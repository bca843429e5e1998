using Microsoft.DurableTask.Client;
using Microsoft.Azure.Functions.Worker;
using Reactivation.Core.Activity;
using Reactivation.Functions.Api;
using Reactivation.Functions.Hosting;
using Reactivation.Infra.Ingestion;
using Reactivation.Infra.Journeys;

namespace Reactivation.Functions.Triggers;

/// <summary>What the systems that send events call, with the ingestion key; reading a user back is admin-only.</summary>
public sealed class IngestionFunctions(ActivityIngestor ingestor, JourneyEvents journeys, ActivityValidationOptions options, UserDirectory users, TimeProvider clock)
{
    /// <summary>Records a batch of activity events.</summary>
    [Function("PostActivity")]
    [Access(FunctionAccess.Ingestion)]
    public Task<IResult> PostActivity([HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/activity")] HttpRequest request, [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        ActivityApi.PostAsync(request, client, ingestor, journeys, options, clock, cancellationToken);

    /// <summary>Creates or updates users' contact points and locale.</summary>
    [Function("PostUsers")]
    [Access(FunctionAccess.Ingestion)]
    public Task<IResult> PostUsers([HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/users")] HttpRequest request, CancellationToken cancellationToken) =>
        UsersApi.PostAsync(request, users, cancellationToken);

    /// <summary>A user's profile, contact data included.</summary>
    [Function("GetUser")]
    public Task<IResult> GetUser([HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/users/{userId}")] HttpRequest request, string userId, CancellationToken cancellationToken) =>
        UsersApi.GetAsync(userId, users, cancellationToken);
}
