using Reactivation.Core.Audit;
using Reactivation.Infra.Audit;

namespace Reactivation.Functions.Api;

/// <summary>
/// Records every changing management call (POST, DELETE) in the audit trail: method, path and the status it answered,
/// actor <c>admin</c>, in the user's partition when the route names a user and in the admin partition otherwise.
/// </summary>
/// <remarks>
/// It runs inside the admin-key check, so only calls that could act are recorded (refused ones cannot flood the trail).
/// The query string is left out: it may carry the admin key itself. A failure to record is logged, not turned into an
/// error, because the action has already happened by then and a 500 would invite the caller to do it again.
/// </remarks>
public static class AdminAudit
{
    /// <summary>The endpoint filter.</summary>
    public static async ValueTask<object?> Filter(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!HttpMethods.IsPost(http.Request.Method) && !HttpMethods.IsDelete(http.Request.Method))
        {
            return await next(context).ConfigureAwait(false);
        }

        object? result;
        try
        {
            result = await next(context).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await RecordAsync(http, StatusCodes.Status500InternalServerError).ConfigureAwait(false);
            throw;
        }

        // A refused call changed nothing and, like all bad input, writes nothing; the audit is of what was done.
        var status = (result as IStatusCodeHttpResult)?.StatusCode ?? StatusCodes.Status200OK;
        if (status < StatusCodes.Status400BadRequest)
        {
            await RecordAsync(http, status).ConfigureAwait(false);
        }

        return result;
    }

    /// <summary>After a call answered <paramref name="status"/>: records it if it was a changing call that was not refused (the worker's middleware).</summary>
    public static Task AfterAsync(HttpContext http, int status) =>
        (HttpMethods.IsPost(http.Request.Method) || HttpMethods.IsDelete(http.Request.Method)) && status < StatusCodes.Status400BadRequest
            ? RecordAsync(http, status)
            : Task.CompletedTask;

    private static async Task RecordAsync(HttpContext http, int status)
    {
        var services = http.RequestServices;
        var entry = new AuditEntry(
            services.GetRequiredService<TimeProvider>().GetUtcNow(), AuditKinds.AdminAction, AuditActors.Admin, http.GetRouteValue("userId") as string,
            $"{http.Request.Method} {http.Request.Path} -> {status}")
        {
            InstanceId = http.GetRouteValue("instanceId") as string,
        };
        try
        {
            await services.GetRequiredService<AuditTrail>().RecordAsync(entry, http.RequestAborted).ConfigureAwait(false);
        }
        catch (Azure.RequestFailedException ex)
        {
            services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AdminAudit)).LogError(ex, "could not audit {Method} {Path}", http.Request.Method, http.Request.Path);
        }
    }
}
