using System.Text.Json;

namespace Reactivation.Functions.Hosting;

/// <summary>The custom-handler protocol for non-HTTP functions: <c>POST /{FunctionName}</c> with the host's payload.</summary>
/// <remarks>
/// The answer is <c>{"Outputs", "Logs", "ReturnValue"}</c>. It is 200 only when the work committed; any failure answers
/// 500, which the host treats as a failed invocation (a queue message is retried, then poisoned).
/// </remarks>
public static class CustomHandlerEndpoints
{
    /// <summary>Maps <c>POST /{FunctionName}</c> for every timer and queue function of the catalogue.</summary>
    public static void MapCustomHandlerInvocations(this IEndpointRouteBuilder app, FunctionCatalogue catalogue)
    {
        foreach (var function in catalogue.Functions.Where(f => f.Trigger != TriggerKind.Http))
        {
            app.MapPost("/" + function.Name, (HttpRequest request, IServiceProvider services, TimeProvider clock, ILoggerFactory logs, CancellationToken ct) =>
                InvokeAsync(function, request, services, clock, logs.CreateLogger("Reactivation.Functions." + function.Name), ct));
        }
    }

    private static async Task<IResult> InvokeAsync(
        FunctionDefinition function, HttpRequest request, IServiceProvider services, TimeProvider clock, ILogger logger, CancellationToken cancellationToken)
    {
        JsonElement body;
        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken).ConfigureAwait(false);
            body = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            return Answer(StatusCodes.Status400BadRequest, $"the invocation body is not JSON: {ex.Message}");
        }

        try
        {
            var log = await RunAsync(function, body, services, clock, cancellationToken).ConfigureAwait(false);
            logger.LogInformation("{Function}: {Log}", function.Name, log);
            return Answer(StatusCodes.Status200OK, log);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "{Function} failed; not committed, the host will retry", function.Name);
            return Answer(StatusCodes.Status500InternalServerError, $"{function.Name} failed: {ex.GetType().Name}: {ex.Message}");
        }
    }

    private static Task<string> RunAsync(
        FunctionDefinition function, JsonElement body, IServiceProvider services, TimeProvider clock, CancellationToken cancellationToken) =>
        services.GetRequiredService(function.Handler!) switch
        {
            ITimerHandler timer => timer.HandleAsync(
                SweepSchedule.LatestOccurrence(function.Schedule!, InvocationPayload.HostUtcNow(body) ?? clock.GetUtcNow()), cancellationToken),
            IQueueHandler queue => queue.HandleAsync(
                InvocationPayload.DataText(body, "message") ?? throw new InvalidOperationException("the invocation has no Data.message"),
                InvocationPayload.MetadataInt(body, "DequeueCount") ?? 1,
                cancellationToken),
            var other => throw new InvalidOperationException($"{other.GetType().Name} handles neither timers nor queues"),
        };

    private static readonly JsonSerializerOptions HostShape = new() { PropertyNamingPolicy = null };

    private static IResult Answer(int status, string log) =>
        Results.Json(new { Outputs = new Dictionary<string, object>(), Logs = new[] { log }, ReturnValue = (object?)null }, HostShape, statusCode: status);
}
