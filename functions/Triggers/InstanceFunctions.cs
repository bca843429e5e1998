using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Reactivation.Functions.Api;
using Reactivation.Functions.Hosting.OpenApi;
using Reactivation.Infra.Journeys;

namespace Reactivation.Functions.Triggers;

/// <summary>Journey instances through Durable's client, with the status codes of Durable Functions' HTTP API.</summary>
public sealed class InstanceFunctions(JourneyStore store, JourneyEvents events, TimeProvider clock)
{
    /// <summary>Instances, filtered and paged.</summary>
    [Function("ListInstances")]
    [QueryParameter("journeyId", typeof(string), "Only instances of this journey.")]
    [QueryParameter("runtimeStatus", typeof(string), "Comma-separated statuses: Pending, Running, Suspended, Completed, Failed, Terminated.")]
    [QueryParameter("createdTimeFrom", typeof(DateTimeOffset), "Only instances created at or after this time (ISO 8601).")]
    [QueryParameter("createdTimeTo", typeof(DateTimeOffset), "Only instances created at or before this time (ISO 8601).")]
    [QueryParameter("top", typeof(int), "Page size, 1 to 1000 (default 100).")]
    [QueryParameter("continuationToken", typeof(string), "The next page's token, from the previous page's x-ms-continuation-token header (the header is taken too).")]
    [Answers(StatusCodes.Status200OK, "A page of instances; x-ms-continuation-token carries the next page's token when there is one.", Body = typeof(List<InstanceView>))]
    [Answers(StatusCodes.Status400BadRequest, "A filter, the page size or the continuation token is invalid.")]
    public Task<IResult> ListInstances([HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/instances")] HttpRequest request, [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        InstancesApi.ListAsync(request.HttpContext, client, cancellationToken);

    /// <summary>Purges the instances a filter selects.</summary>
    [Function("PurgeInstances")]
    [QueryParameter("journeyId", typeof(string), "Only instances of this journey.")]
    [QueryParameter("runtimeStatus", typeof(string), "Comma-separated statuses: Pending, Running, Suspended, Completed, Failed, Terminated.")]
    [QueryParameter("createdTimeFrom", typeof(DateTimeOffset), "Required: purge instances created at or after this time (ISO 8601).")]
    [QueryParameter("createdTimeTo", typeof(DateTimeOffset), "Only instances created at or before this time (ISO 8601).")]
    [Answers(StatusCodes.Status200OK, "How many ended instances were purged.", Body = typeof(InstancesPurged))]
    [Answers(StatusCodes.Status400BadRequest, "createdTimeFrom is missing or a filter is invalid; nothing was purged.")]
    [Answers(StatusCodes.Status404NotFound, "No ended instance matched.")]
    public Task<IResult> PurgeInstances([HttpTrigger(AuthorizationLevel.Function, "delete", Route = "api/instances")] HttpRequest request, [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        InstancesApi.PurgeManyAsync(request.HttpContext, client, store, cancellationToken);

    /// <summary>One instance's status, optionally with its history.</summary>
    [Function("GetInstance")]
    [QueryParameter("showHistory", typeof(bool), "Include the readable history.")]
    [QueryParameter("returnInternalServerErrorOnFailure", typeof(bool), "Answer 500 for a failed instance, as Durable Functions' HTTP API does.")]
    [Answers(StatusCodes.Status200OK, "The instance has ended; its status.", Body = typeof(InstanceView))]
    [Answers(StatusCodes.Status202Accepted, "The instance is pending, running or suspended; its status, with Location and Retry-After.", Body = typeof(InstanceView))]
    [Answers(StatusCodes.Status400BadRequest, "A flag is not true or false.")]
    [Answers(StatusCodes.Status404NotFound, "No such instance (or the id is not an instance id).")]
    [Answers(StatusCodes.Status500InternalServerError, "The instance failed and returnInternalServerErrorOnFailure=true was asked; its status.", Body = typeof(InstanceView))]
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
    [Answers(StatusCodes.Status200OK, "The instance was purged.", Body = typeof(InstancesPurged))]
    [Answers(StatusCodes.Status404NotFound, "No such instance (or the id is not an instance id).")]
    [Answers(StatusCodes.Status409Conflict, "The instance is still running: terminate it first.")]
    public Task<IResult> PurgeInstance(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = "api/instances/{instanceId}")] HttpRequest request, string instanceId,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        InstancesApi.PurgeAsync(instanceId, client, store, cancellationToken);

    /// <summary>Raises an event on an instance.</summary>
    [Function("RaiseEvent")]
    [RequestBody(typeof(InstancesApi.RaiseRequest), "application/json", "Optionally the event's id (repeats of one id are one event) and channel; {} for neither.")]
    [Answers(StatusCodes.Status202Accepted, "The event was raised on the running instance.")]
    [Answers(StatusCodes.Status400BadRequest, "The event name or id is invalid, or the body is not JSON; nothing was raised.")]
    [Answers(StatusCodes.Status404NotFound, "No such instance (or the id is not an instance id).")]
    [Answers(StatusCodes.Status410Gone, "The instance has ended (completed, failed or terminated).")]
    public Task<IResult> RaiseEvent(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/instances/{instanceId}/raiseEvent/{eventName}")] HttpRequest request, string instanceId, string eventName,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        InstancesApi.RaiseEventAsync(instanceId, eventName, request, client, events, cancellationToken);

    /// <summary>Terminates an instance.</summary>
    [Function("TerminateInstance")]
    [QueryParameter("reason", typeof(string), "Why, for the instance's history.")]
    [Answers(StatusCodes.Status202Accepted, "Termination was asked; the user is free for new journeys at once.")]
    [Answers(StatusCodes.Status404NotFound, "No such instance (or the id is not an instance id).")]
    [Answers(StatusCodes.Status410Gone, "The instance has ended (completed, failed or terminated).")]
    public Task<IResult> TerminateInstance(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/instances/{instanceId}/terminate")] HttpRequest request, string instanceId,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        InstancesApi.TerminateAsync(instanceId, QueryValues.Text(request, "reason"), client, store, clock, cancellationToken);

    /// <summary>Suspends an instance.</summary>
    [Function("SuspendInstance")]
    [QueryParameter("reason", typeof(string), "Why, for Durable's status.")]
    [Answers(StatusCodes.Status202Accepted, "Suspension was asked.")]
    [Answers(StatusCodes.Status404NotFound, "No such instance (or the id is not an instance id).")]
    [Answers(StatusCodes.Status410Gone, "The instance has ended (completed, failed or terminated).")]
    public Task<IResult> SuspendInstance(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/instances/{instanceId}/suspend")] HttpRequest request, string instanceId,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        InstancesApi.SuspendAsync(instanceId, QueryValues.Text(request, "reason"), client, cancellationToken);

    /// <summary>Resumes a suspended instance.</summary>
    [Function("ResumeInstance")]
    [QueryParameter("reason", typeof(string), "Why, for Durable's status.")]
    [Answers(StatusCodes.Status202Accepted, "Resumption was asked.")]
    [Answers(StatusCodes.Status404NotFound, "No such instance (or the id is not an instance id).")]
    [Answers(StatusCodes.Status410Gone, "The instance has ended (completed, failed or terminated).")]
    public Task<IResult> ResumeInstance(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/instances/{instanceId}/resume")] HttpRequest request, string instanceId,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        InstancesApi.ResumeAsync(instanceId, QueryValues.Text(request, "reason"), client, cancellationToken);
}
