using Microsoft.DurableTask.Client;
using Reactivation.Core.Activity;
using Reactivation.Core.Journeys;
using Reactivation.Core.Silence;
using Reactivation.Functions.Hosting;
using Reactivation.Infra.Journeys;

namespace Reactivation.Functions.Api;

/// <summary>Journey definitions (<c>/api/journeys</c>) and manual starts. Management endpoints: the admin key is required.</summary>
public static class JourneysApi
{
    /// <summary><c>GET /api/journeys</c>: the latest version of every journey.</summary>
    public static async Task<IResult> ListAsync(JourneyLibrary library, JourneyDefaults defaults, CancellationToken cancellationToken)
    {
        await defaults.EnsureInstalledAsync(cancellationToken).ConfigureAwait(false);
        var latest = await library.LatestAsync(cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(latest.Select(j => new JourneySummary(j.Id, j.Version, j.Name, j.Enabled, j.Priority, j.CooldownDays, j.Entry, j.Steps.Count)).ToList());
    }

    /// <summary><c>GET /api/journeys/{journeyId}</c>: every version of one journey.</summary>
    public static async Task<IResult> GetAsync(string journeyId, JourneyLibrary library, CancellationToken cancellationToken)
    {
        var versions = await library.VersionsAsync(journeyId, cancellationToken).ConfigureAwait(false);
        return versions.Count == 0
            ? Problems.NotFound($"No journey '{journeyId}'.")
            : Results.Text(
                "[" + string.Join(",", versions.Select(JourneyJson.Write)) + "]",
                "application/json");
    }

    /// <summary><c>POST /api/journeys</c>: publish a new version (the body is the definition). New enrollments take it; running instances keep theirs.</summary>
    public static async Task<IResult> PublishAsync(HttpRequest request, JourneyLibrary library, JourneyDefaults defaults, CancellationToken cancellationToken)
    {
        await defaults.EnsureInstalledAsync(cancellationToken).ConfigureAwait(false);
        using var reader = new StreamReader(request.Body);
        var json = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        var (definition, problems) = await library.PublishAsync(json, cancellationToken).ConfigureAwait(false);
        if (definition is null)
        {
            var conflict = problems.Any(p => p.Location == "$.version" && p.Message.StartsWith("must be greater", StringComparison.Ordinal));
            return Results.Problem(
                title: "The definition was rejected; nothing was published.",
                detail: string.Join(" ", problems.Select(p => p.ToString())),
                statusCode: conflict ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest,
                extensions: new Dictionary<string, object?> { ["errors"] = problems.Select(p => new DefinitionError(p.Location, p.Line, p.Message)).ToArray() });
        }

        return Results.Created($"/api/journeys/{definition.Id}", new JourneyPublished(definition.Id, definition.Version));
    }

    /// <summary><c>POST /api/journeys/{journeyId}/instances</c>: start the journey for a user by hand (body <c>{"userId": ..., "band"?, "tier"?, "cause"?}</c>).</summary>
    public static async Task<IResult> StartAsync(
        string journeyId, HttpRequest request, DurableTaskClient client, JourneyEnroller enroller, JourneyDefaults defaults, Infra.Links.SignedLinkOptions links, CancellationToken cancellationToken)
    {
        StartRequest? body;
        try
        {
            body = await request.ReadFromJsonAsync<StartRequest>(JsonBody.Options, cancellationToken).ConfigureAwait(false);
        }
        catch (System.Text.Json.JsonException ex)
        {
            return Problems.MalformedJson(ex);
        }

        if (Identifiers.Check(body?.UserId) is { } problem)
        {
            return Problems.Invalid("The start request is invalid.", [new ValidationProblem("/userId", $"userId {problem}")]);
        }

        await defaults.EnsureInstalledAsync(cancellationToken).ConfigureAwait(false);
        var context = new JourneyContext { Band = body!.Band ?? DormancyBand.UpTo3Months, Tier = body.Tier ?? ValueTier.Low, Cause = body.Cause ?? SilenceCause.NaturalDecline };
        EnrollmentResult result;
        try
        {
            result = await enroller.StartAsync(client, journeyId, body.UserId!, context, cancellationToken).ConfigureAwait(false);
        }
        catch (KeyNotFoundException)
        {
            return Problems.NotFound($"No journey '{journeyId}'.");
        }

        if (!result.Started)
        {
            return Results.Problem(
                title: "The user is already in a journey.", detail: result.Reason, statusCode: StatusCodes.Status409Conflict,
                extensions: new Dictionary<string, object?> { ["instanceId"] = result.InstanceId });
        }

        request.HttpContext.Response.Headers.RetryAfter = "10";
        return Results.Accepted($"/api/instances/{Uri.EscapeDataString(result.InstanceId!)}", InstanceView.CheckStatus(links.PublicBaseUrl, result.InstanceId!));
    }

    /// <summary>The body of a manual start.</summary>
    /// <param name="UserId">The user.</param>
    /// <param name="Band">The band to branch on (default upTo3Months).</param>
    /// <param name="Tier">The tier to branch on (default low).</param>
    /// <param name="Cause">The cause to branch on (default naturalDecline).</param>
    public sealed record StartRequest(string? UserId, DormancyBand? Band, ValueTier? Tier, SilenceCause? Cause);
}

/// <summary>One journey in <c>GET /api/journeys</c>: its latest version.</summary>
/// <param name="Id">The journey.</param>
/// <param name="Version">Its latest version.</param>
/// <param name="Name">Its name.</param>
/// <param name="Enabled">Whether the sweep enrolls into it.</param>
/// <param name="Priority">Which journey wins a user two would take.</param>
/// <param name="CooldownDays">Days before a user may enter again.</param>
/// <param name="Entry">Who enters.</param>
/// <param name="Steps">How many steps it has.</param>
public sealed record JourneySummary(string Id, int Version, string? Name, bool Enabled, int Priority, int CooldownDays, EntryRule Entry, int Steps);

/// <summary>What <c>POST /api/journeys</c> published.</summary>
/// <param name="Id">The journey.</param>
/// <param name="Version">The version published.</param>
public sealed record JourneyPublished(string Id, int Version);

/// <summary>A located problem in a rejected definition.</summary>
/// <param name="Location">The JSON path.</param>
/// <param name="Line">The 1-based line, when known.</param>
/// <param name="Message">What is wrong.</param>
public sealed record DefinitionError(string Location, long? Line, string Message);
