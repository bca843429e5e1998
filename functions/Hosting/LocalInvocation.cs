using Microsoft.DurableTask.Client;
using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace Reactivation.Functions.Hosting;

/// <summary>
/// How the local host calls a <c>[Function]</c> method, binding its parameters as the worker does: the trigger's value
/// (the request, the queue message, the timer), route values and the queue's dequeue count by name, Durable's client for
/// a <c>[DurableClient]</c> parameter, and the cancellation token. The function class is created from DI for each invocation, as the worker creates it.
/// </summary>
public static class LocalInvocation
{
    private static readonly ConcurrentDictionary<Type, ObjectFactory> Factories = new();

    /// <summary>The minimal-API handler serving <paramref name="function"/>.</summary>
    public static Func<HttpContext, Task<IResult>> HttpHandler(AppFunction function) =>
        async context => await InvokeAsync<IResult>(function, context.RequestServices, parameter => parameter switch
        {
            _ when parameter.ParameterType == typeof(HttpRequest) => context.Request,
            _ when parameter.ParameterType == typeof(CancellationToken) => context.RequestAborted,
            _ when IsDurableClient(parameter) => context.RequestServices.GetRequiredService<DurableTaskClient>(),
            _ when parameter.ParameterType == typeof(string) => context.Request.RouteValues[parameter.Name!] as string,
            _ => throw Unbindable(function, parameter),
        }).ConfigureAwait(false) ?? throw new InvalidOperationException($"function '{function.Name}' answered no result");

    /// <summary>Calls a queue function with <paramref name="message"/>.</summary>
    public static Task QueueAsync(AppFunction function, IServiceProvider services, string message, long dequeueCount, CancellationToken cancellationToken) =>
        InvokeAsync<object>(function, services, parameter => parameter switch
        {
            _ when parameter.ParameterType == typeof(string) && parameter.GetCustomAttribute<QueueTriggerAttribute>() is not null => message,
            _ when parameter.ParameterType == typeof(long) && parameter.Name == "dequeueCount" => dequeueCount,
            _ when parameter.ParameterType == typeof(CancellationToken) => cancellationToken,
            _ when IsDurableClient(parameter) => services.GetRequiredService<DurableTaskClient>(),
            _ => throw Unbindable(function, parameter),
        });

    /// <summary>Calls a timer function.</summary>
    public static Task TimerAsync(AppFunction function, IServiceProvider services, CancellationToken cancellationToken) =>
        InvokeAsync<object>(function, services, parameter => parameter switch
        {
            _ when parameter.ParameterType == typeof(TimerInfo) => new TimerInfo(),
            _ when parameter.ParameterType == typeof(CancellationToken) => cancellationToken,
            _ => throw Unbindable(function, parameter),
        });

    private static async Task<T?> InvokeAsync<T>(AppFunction function, IServiceProvider services, Func<ParameterInfo, object?> bind)
        where T : class
    {
        var method = function.Method;
        var target = method.IsStatic ? null : Factories.GetOrAdd(method.DeclaringType!, type => ActivatorUtilities.CreateFactory(type, Type.EmptyTypes))(services, null);
        var result = method.Invoke(target, BindingFlags.DoNotWrapExceptions, null, method.GetParameters().Select(bind).ToArray(), null);
        switch (result)
        {
            case Task<T> typed:
                return await typed.ConfigureAwait(false);
            case Task task:
                await task.ConfigureAwait(false);
                return null;
            default:
                return result as T;
        }
    }

    // The worker binds [DurableClient] to the Functions host's Durable extension; here it is the local task hub's client.
    private static bool IsDurableClient(ParameterInfo parameter) =>
        parameter.ParameterType == typeof(DurableTaskClient) && parameter.GetCustomAttribute<DurableClientAttribute>() is not null;

    private static InvalidOperationException Unbindable(AppFunction function, ParameterInfo parameter) =>
        new($"the local host cannot bind parameter '{parameter.Name}' ({parameter.ParameterType.Name}) of function '{function.Name}'");
}
