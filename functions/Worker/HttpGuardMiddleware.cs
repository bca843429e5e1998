using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Reactivation.Functions.Api;
using Reactivation.Functions.Hosting;

namespace Reactivation.Functions.Worker;

/// <summary>
/// The worker's side of <see cref="HttpGuards"/>: before an HTTP function runs, the rate limit, the app's key and the JSON
/// body check, exactly as the local host's endpoint filter applies them; after an admin function, the audit entry.
/// </summary>
public sealed class HttpGuardMiddleware(AppFunctions functions) : IFunctionsWorkerMiddleware
{
    /// <inheritdoc />
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        var function = functions.All.FirstOrDefault(f => f.Name == context.FunctionDefinition.Name && f.Trigger == TriggerKind.Http);
        if (function is null || context.GetHttpContext() is not { } http)
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        if (HttpGuards.Refusal(http, function) is { } refusal)
        {
            await refusal.ExecuteAsync(http).ConfigureAwait(false);
            return;
        }

        await next(context).ConfigureAwait(false);
        if (function.Access == FunctionAccess.Admin)
        {
            var status = (context.GetInvocationResult().Value as IStatusCodeHttpResult)?.StatusCode ?? http.Response.StatusCode;
            await AdminAudit.AfterAsync(http, status).ConfigureAwait(false);
        }
    }
}
