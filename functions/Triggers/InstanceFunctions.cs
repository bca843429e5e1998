using Microsoft.Azure.Functions.Worker;
using Reactivation.Functions.Api;
using Reactivation.Infra.Journeys;

namespace Reactivation.Functions.Triggers;

/// <summary>Journey instances, with the status codes of Durable Functions' HTTP API.</summary>
public sealed class InstanceFunctions(JourneyQueries queries, JourneyStore store, JourneyEvents events, JourneyEngine engine)
{
    /// <summary>Instances, filtered and paged.</summary>
    [Function("ListInstances")]
    public Task<IResult> ListInstances([HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/instances")] HttpRequest request, CancellationToken cancellationToken) =>
        InstancesApi.ListAsync(request.HttpContext, queries, cancellationToken);

    /// <summary>Purges the instances a filter selects.</summary>
    [Function("PurgeInstances")]
    public Task<IResult> PurgeInstances([HttpTrigger(AuthorizationLevel.Function, "delete", Route = "api/instances")] HttpRequest request, CancellationToken cancellationToken) =>
        InstancesApi.PurgeManyAsync(request.HttpContext, queries, cancellationToken);

    /// <summary>One instance's status, optionally with its history.</summary>
    [Function("GetInstance")]
    public async Task<IResult> GetInstance(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/instances/{instanceId}")] HttpRequest request, string instanceId, CancellationToken cancellationToken)
    {
        var (showHistory, badHistory) = QueryValues.Flag(request, "showHistory");
        var (fiveHundredOnFailure, badFailure) = QueryValues.Flag(request, "returnInternalServerErrorOnFailure");
        return badHistory ?? badFailure ?? await InstancesApi.GetAsync(instanceId, showHistory, fiveHundredOnFailure, request.HttpContext, store, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Purges one instance.</summary>
    [Function("PurgeInstance")]
    public Task<IResult> PurgeInstance(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = "api/instances/{instanceId}")] HttpRequest request, string instanceId, CancellationToken cancellationToken) =>
        InstancesApi.PurgeAsync(instanceId, store, cancellationToken);

    /// <summary>Raises an event on an instance.</summary>
    [Function("RaiseEvent")]
    public Task<IResult> RaiseEvent(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/instances/{instanceId}/raiseEvent/{eventName}")] HttpRequest request, string instanceId, string eventName,
        CancellationToken cancellationToken) =>
        InstancesApi.RaiseEventAsync(instanceId, eventName, request, events, cancellationToken);

    /// <summary>Terminates an instance.</summary>
    [Function("TerminateInstance")]
    public Task<IResult> TerminateInstance(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/instances/{instanceId}/terminate")] HttpRequest request, string instanceId, CancellationToken cancellationToken) =>
        InstancesApi.TerminateAsync(instanceId, QueryValues.Text(request, "reason"), engine, cancellationToken);

    /// <summary>Suspends an instance.</summary>
    [Function("SuspendInstance")]
    public Task<IResult> SuspendInstance(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/instances/{instanceId}/suspend")] HttpRequest request, string instanceId, CancellationToken cancellationToken) =>
        InstancesApi.SuspendAsync(instanceId, QueryValues.Text(request, "reason"), engine, cancellationToken);

    /// <summary>Resumes a suspended instance.</summary>
    [Function("ResumeInstance")]
    public Task<IResult> ResumeInstance(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/instances/{instanceId}/resume")] HttpRequest request, string instanceId, CancellationToken cancellationToken) =>
        InstancesApi.ResumeAsync(instanceId, QueryValues.Text(request, "reason"), engine, cancellationToken);
}
