using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace Reactivation.Functions.Hosting;

/// <summary>
/// One function of the app as its <c>[Function]</c> method declares it: what the SDK writes into
/// <c>functions.metadata</c> for Azure, and what the local host serves. Both read the same attributes, so there is one
/// declaration.
/// </summary>
/// <param name="Name">The function name.</param>
/// <param name="Trigger">The trigger kind.</param>
/// <param name="Method">The <c>[Function]</c> method.</param>
public sealed record AppFunction(string Name, TriggerKind Trigger, MethodInfo Method)
{
    /// <summary>For timers: the schedule as declared, a <c>%Setting%</c> expression.</summary>
    public string? Schedule { get; init; }

    /// <summary>For queues: the queue name (before the environment prefix).</summary>
    public string? QueueName { get; init; }

    /// <summary>For HTTP: the full route (host.json's route prefix is empty, so API routes carry <c>api/</c> themselves).</summary>
    public string? Route { get; init; }

    /// <summary>For HTTP: the methods, lower-case.</summary>
    public IReadOnlyList<string> Methods { get; init; } = [];

    /// <summary>For HTTP: the level the Functions host checks before the app sees the request.</summary>
    public AuthorizationLevel AuthLevel { get; init; }

    /// <summary>For HTTP: the key the app checks, in both hosts.</summary>
    public FunctionAccess Access { get; init; } = FunctionAccess.Admin;

    /// <summary>True for the public link endpoints at the site root (<c>/r</c>, <c>/p</c>, <c>/u</c>), so links stay short.</summary>
    public bool AtRoot => Route is not null && !Route.StartsWith("api/", StringComparison.Ordinal);

    /// <summary>Every <c>[Function]</c> method in <paramref name="assembly"/>, by name.</summary>
    /// <exception cref="InvalidOperationException">A function has no trigger the app knows, or two share a name.</exception>
    public static IReadOnlyList<AppFunction> Discover(Assembly assembly)
    {
        var functions = assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static))
            .Where(m => m.GetCustomAttribute<FunctionAttribute>() is not null)
            .Select(Of)
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .ToList();
        var duplicate = functions.GroupBy(f => f.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        return duplicate is null ? functions : throw new InvalidOperationException($"two [Function] methods are named '{duplicate.Key}'");
    }

    /// <summary>The app's own functions.</summary>
    public static IReadOnlyList<AppFunction> All { get; } = Discover(typeof(AppFunction).Assembly);

    private static AppFunction Of(MethodInfo method)
    {
        var name = method.GetCustomAttribute<FunctionAttribute>()!.Name;
        foreach (var parameter in method.GetParameters())
        {
            switch (parameter.GetCustomAttributes().FirstOrDefault(a => a is TimerTriggerAttribute or QueueTriggerAttribute or HttpTriggerAttribute or OrchestrationTriggerAttribute or ActivityTriggerAttribute))
            {
                case OrchestrationTriggerAttribute:
                    return new AppFunction(name, TriggerKind.Orchestration, method);
                case ActivityTriggerAttribute:
                    return new AppFunction(name, TriggerKind.Activity, method);
                case TimerTriggerAttribute timer:
                    return new AppFunction(name, TriggerKind.Timer, method) { Schedule = timer.Schedule };
                case QueueTriggerAttribute queue:
                    return new AppFunction(name, TriggerKind.Queue, method) { QueueName = queue.QueueName };
                case HttpTriggerAttribute http:
                    return new AppFunction(name, TriggerKind.Http, method)
                    {
                        Route = http.Route,
                        Methods = (http.Methods ?? []).Select(m => m.ToLowerInvariant()).ToList(),
                        AuthLevel = http.AuthLevel,
                        Access = method.GetCustomAttribute<AccessAttribute>()?.Access ?? FunctionAccess.Admin,
                    };
            }
        }

        throw new InvalidOperationException($"[Function] '{name}' ({method.DeclaringType?.Name}.{method.Name}) has no timer, queue, HTTP, orchestration or activity trigger");
    }
}
