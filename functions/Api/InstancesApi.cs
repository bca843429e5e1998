using System.Globalization;
using System.Text.Json;
using Reactivation.Core.Activity;
using Reactivation.Core.Journeys;
using Microsoft.DurableTask.Client;
using Reactivation.Infra.Journeys;
using Reactivation.Infra.Orchestration;

namespace Reactivation.Functions.Api;

/// <summary>
/// The instance management API (<c>/api/instances</c>), modelled on Durable Functions' HTTP API with its status codes:
/// status, list, raise event, suspend, resume, terminate, purge, each done through Durable's client. Management
/// endpoints: the admin key is required.
/// </summary>
public static class InstancesApi
{
    private const string ContinuationHeader = "x-ms-continuation-token";

    /// <summary><c>GET /api/instances/{instanceId}</c>: 202 with Location and Retry-After while running, 200 once ended, 404 if unknown.</summary>
    public static async Task<IResult> GetAsync(
        string instanceId, bool? showHistory, bool? returnInternalServerErrorOnFailure, HttpContext http, DurableTaskClient client, JourneyStore store,
        CancellationToken cancellationToken)
    {
        if (!JourneyStore.IsInstanceId(instanceId))
        {
            return Problems.NotFound($"'{instanceId}' is not an instance id.");
        }

        if (await JourneyInstances.GetAsync(client, instanceId, cancellationToken).ConfigureAwait(false) is not { } instance)
        {
            return Problems.NotFound($"No instance '{instanceId}'.");
        }

        var history = showHistory == true ? await store.HistoryAsync(instanceId, cancellationToken).ConfigureAwait(false) : null;
        var body = InstanceView.Of(instance, history);
        if (!instance.IsTerminal)
        {
            http.Response.Headers.Location = $"/api/instances/{Uri.EscapeDataString(instanceId)}";
            http.Response.Headers.RetryAfter = "5";
            return Results.Json(body, statusCode: StatusCodes.Status202Accepted);
        }

        return instance.Status == InstanceStatus.Failed && returnInternalServerErrorOnFailure == true
            ? Results.Json(body, statusCode: StatusCodes.Status500InternalServerError)
            : Results.Json(body);
    }

    /// <summary><c>GET /api/instances?journeyId=&amp;runtimeStatus=a,b&amp;createdTimeFrom=&amp;createdTimeTo=&amp;top=</c>, paged by <c>x-ms-continuation-token</c>.</summary>
    public static async Task<IResult> ListAsync(HttpContext http, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var (query, problems) = ReadQuery(http.Request.Query);
        var top = 100;
        if (http.Request.Query["top"].FirstOrDefault() is { } topText && (!int.TryParse(topText, NumberStyles.None, CultureInfo.InvariantCulture, out top) || top is < 1 or > 1000))
        {
            problems.Add(new ValidationProblem("/top", $"'{topText}' is not a page size from 1 to 1000"));
        }

        if (problems.Count > 0)
        {
            return Problems.Invalid("The query is invalid.", problems);
        }

        var continuation = http.Request.Headers[ContinuationHeader].FirstOrDefault() ?? http.Request.Query["continuationToken"].FirstOrDefault();
        try
        {
            var (instances, next) = await JourneyInstances.ListAsync(client, query, top, continuation, cancellationToken).ConfigureAwait(false);
            if (next is not null)
            {
                http.Response.Headers[ContinuationHeader] = next;
            }

            return Results.Json(instances.Select(i => InstanceView.Of(i, null)).ToList());
        }
        catch (FormatException ex)
        {
            return Problems.Invalid("The continuation token is invalid.", [new ValidationProblem("/continuationToken", ex.Message)]);
        }
    }

    /// <summary><c>POST /api/instances/{instanceId}/raiseEvent/{eventName}</c> (JSON body, optionally <c>{"eventId", "channel"}</c>): 202, 404, 410, 400.</summary>
    public static async Task<IResult> RaiseEventAsync(
        string instanceId, string eventName, HttpRequest request, DurableTaskClient client, JourneyEvents events, CancellationToken cancellationToken)
    {
        if (request.ContentType is not { } type || !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return Problems.Invalid("Raising an event needs a JSON body.", [new ValidationProblem("", "Content-Type must be application/json")]);
        }

        RaiseRequest? body;
        try
        {
            body = await request.ReadFromJsonAsync<RaiseRequest>(JsonBody.Options, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            return Problems.MalformedJson(ex);
        }

        var problems = new List<ValidationProblem>();
        if (!System.Text.RegularExpressions.Regex.IsMatch(eventName, "^[A-Za-z][A-Za-z0-9]{0,63}$"))
        {
            problems.Add(new ValidationProblem("/eventName", $"'{eventName}' is not an event name: letters and digits, starting with a letter"));
        }

        if (body?.EventId is { } eventId && Identifiers.Check(eventId) is { } idProblem)
        {
            problems.Add(new ValidationProblem("/eventId", $"eventId {idProblem}"));
        }

        if (problems.Count > 0)
        {
            return Problems.Invalid("The event is invalid; nothing was raised.", problems);
        }

        if (!JourneyStore.IsInstanceId(instanceId))
        {
            return Problems.NotFound($"'{instanceId}' is not an instance id.");
        }

        return await events.RaiseAsync(client, instanceId, eventName, body?.EventId, body?.Channel, null, cancellationToken).ConfigureAwait(false) switch
        {
            RaiseOutcome.NotFound => Problems.NotFound($"No instance '{instanceId}'."),
            RaiseOutcome.Gone => Gone(instanceId),
            _ => Results.Accepted(),
        };
    }

    /// <summary>
    /// <c>POST /api/instances/{instanceId}/terminate?reason=</c>: 202, 404, 410. Durable ends the orchestration where it
    /// stands; the user is free for new journeys at once, and the instance's history says who ended it.
    /// </summary>
    public static async Task<IResult> TerminateAsync(
        string instanceId, string? reason, DurableTaskClient client, JourneyStore store, TimeProvider clock, CancellationToken cancellationToken) =>
        Answer(instanceId, await JourneyInstances.TerminateAsync(client, store, clock, instanceId, reason, cancellationToken).ConfigureAwait(false));

    /// <summary><c>POST /api/instances/{instanceId}/suspend?reason=</c>: 202, 404, 410. Durable holds the instance's timers and events until it is resumed.</summary>
    public static async Task<IResult> SuspendAsync(string instanceId, string? reason, DurableTaskClient client, CancellationToken cancellationToken) =>
        Answer(instanceId, await JourneyInstances.SuspendAsync(client, instanceId, reason, cancellationToken).ConfigureAwait(false));

    /// <summary><c>POST /api/instances/{instanceId}/resume?reason=</c>: 202, 404, 410.</summary>
    public static async Task<IResult> ResumeAsync(string instanceId, string? reason, DurableTaskClient client, CancellationToken cancellationToken) =>
        Answer(instanceId, await JourneyInstances.ResumeAsync(client, instanceId, reason, cancellationToken).ConfigureAwait(false));

    /// <summary><c>DELETE /api/instances/{instanceId}</c>: 200 <c>{"instancesDeleted": 1}</c>, 404, or 409 while it is still running.</summary>
    public static async Task<IResult> PurgeAsync(string instanceId, DurableTaskClient client, JourneyStore store, CancellationToken cancellationToken)
    {
        if (!JourneyStore.IsInstanceId(instanceId) || await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken).ConfigureAwait(false) is not { } instance)
        {
            return Problems.NotFound($"No instance '{instanceId}'.");
        }

        if (!instance.IsCompleted)
        {
            return Results.Problem(title: "The instance is still running.", detail: "Terminate it first; only ended instances are purged.", statusCode: StatusCodes.Status409Conflict);
        }

        await JourneyInstances.PurgeOneAsync(client, store, instanceId, cancellationToken).ConfigureAwait(false);
        return Results.Json(new InstancesPurged(1));
    }

    /// <summary><c>DELETE /api/instances?createdTimeFrom=(required)&amp;createdTimeTo=&amp;runtimeStatus=&amp;journeyId=</c>: purges ended instances; 200, or 404 when none matched.</summary>
    public static async Task<IResult> PurgeManyAsync(HttpContext http, DurableTaskClient client, JourneyStore store, CancellationToken cancellationToken)
    {
        var (query, problems) = ReadQuery(http.Request.Query);
        if (query.CreatedFrom is null && problems.Count == 0)
        {
            problems.Add(new ValidationProblem("/createdTimeFrom", "createdTimeFrom is required"));
        }

        if (problems.Count > 0)
        {
            return Problems.Invalid("The query is invalid; nothing was purged.", problems);
        }

        var deleted = await JourneyInstances.PurgeAsync(client, store, query, cancellationToken).ConfigureAwait(false);
        return deleted == 0 ? Problems.NotFound("No ended instance matched.") : Results.Json(new InstancesPurged(deleted));
    }

    private static IResult Answer(string instanceId, ControlOutcome outcome) => outcome switch
    {
        ControlOutcome.NotFound => Problems.NotFound($"No instance '{instanceId}'."),
        ControlOutcome.Gone => Gone(instanceId),
        _ => Results.Accepted(),
    };

    private static IResult Gone(string instanceId) =>
        Results.Problem(title: "The instance has ended.", detail: $"Instance '{instanceId}' is completed, failed or terminated.", statusCode: StatusCodes.Status410Gone);

    private static (InstanceQuery Query, List<ValidationProblem> Problems) ReadQuery(IQueryCollection query)
    {
        var problems = new List<ValidationProblem>();
        List<InstanceStatus>? statuses = null;
        if (query["runtimeStatus"].FirstOrDefault() is { Length: > 0 } statusText)
        {
            statuses = [];
            foreach (var name in statusText.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (Enum.TryParse<InstanceStatus>(name, ignoreCase: true, out var status) && !int.TryParse(name, out _))
                {
                    statuses.Add(status);
                }
                else
                {
                    problems.Add(new ValidationProblem("/runtimeStatus", $"'{name}' is not a status ({string.Join(", ", Enum.GetNames<InstanceStatus>())})"));
                }
            }
        }

        DateTimeOffset? Time(string name)
        {
            if (query[name].FirstOrDefault() is not { Length: > 0 } text)
            {
                return null;
            }

            if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            {
                return at;
            }

            problems.Add(new ValidationProblem("/" + name, $"'{text}' is not a time (ISO 8601)"));
            return null;
        }

        return (new InstanceQuery(query["journeyId"].FirstOrDefault(), statuses, Time("createdTimeFrom"), Time("createdTimeTo")), problems);
    }

    /// <summary>The optional body of a raised event.</summary>
    /// <param name="EventId">The raiser's id, for deduplication.</param>
    /// <param name="Channel">The channel it concerns.</param>
    public sealed record RaiseRequest(string? EventId, Channel? Channel);
}

/// <summary>What a purge removed.</summary>
/// <param name="InstancesDeleted">Instances purged.</param>
public sealed record InstancesPurged(int InstancesDeleted);
