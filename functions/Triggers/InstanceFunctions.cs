using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Reactivation.Functions.Api;
using Reactivation.Infra.Journeys;

namespace Reactivation.Functions.Triggers;

/// <summary>Journey instances through Durable's client, with the status codes of Durable Functions' HTTP API.</summary>
public sealed class InstanceFunctions(JourneyStore store, JourneyEvents events, TimeProvider clock)
{
    /// <summary>Instances, filtered and paged.</summary>
    [Function("ListInstances")]
    public Task<IResult> ListInstances([HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/instances")] HttpRequest request, [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        InstancesApi.ListAsync(request.HttpContext, client, cancellationToken);

    /// <summary>Purges the instances a filter selects.</summary>
    [Function("PurgeInstances")]
    public Task<IResult> PurgeInstances([HttpTrigger(AuthorizationLevel.Function, "delete", Route = "api/instances")] HttpRequest request, [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        InstancesApi.PurgeManyAsync(request.HttpContext, client, store, cancellationToken);

    /// <summary>One instance's status, optionally with its history.</summary>
    [Function("GetInstance")]
    public async Task<IResult> GetInstance(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/instances/{instanceId}")] HttpRequest request, string instanceId,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        var (showHistory, badHistory) = QueryValues.Flag(request, "showHistory");
        var (fiveHundredOnFailure, badFailure) = QueryValues.Flag(request, "returnInternalServerErrorOnFailure");
        return badHistory ?? badFailure ?? await InstancesApi.GetAsync(instanceId, showHistory, fiveHundredOnFailure, request.HttpContext, client, store, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Purges one instance.</summary>
    [Function("PurgeInstance")]
    public Task<IResult> PurgeInstance(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = "api/instances/{instanceId}")] HttpRequest request, string instanceId,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        InstancesApi.PurgeAsync(instanceId, client, store, cancellationToken);

    /// <summary>Raises an event on an instance.</summary>
    [Function("RaiseEvent")]
    public Task<IResult> RaiseEvent(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/instances/{instanceId}/raiseEvent/{eventName}")] HttpRequest request, string instanceId, string eventName,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        InstancesApi.RaiseEventAsync(instanceId, eventName, request, client, events, cancellationToken);

    /// <summary>Terminates an instance.</summary>
    [Function("TerminateInstance")]
    public Task<IResult> TerminateInstance(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/instances/{instanceId}/terminate")] HttpRequest request, string instanceId,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        InstancesApi.TerminateAsync(instanceId, QueryValues.Text(request, "reason"), client, store, clock, cancellationToken);

    /// <summary>Suspends an instance.</summary>
    [Function("SuspendInstance")]
    public Task<IResult> SuspendInstance(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/instances/{instanceId}/suspend")] HttpRequest request, string instanceId,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        InstancesApi.SuspendAsync(instanceId, QueryValues.Text(request, "reason"), client, cancellationToken);

    /// <summary>Resumes a suspended instance.</summary>
    [Function("ResumeInstance")]
    public Task<IResult> ResumeInstance(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/instances/{instanceId}/resume")] HttpRequest request, string instanceId,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        InstancesApi.ResumeAsync(instanceId, QueryValues.Text(request, "reason"), client, cancellationToken);
}
