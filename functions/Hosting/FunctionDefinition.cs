namespace Reactivation.Functions.Hosting;

/// <summary>One function as the catalogue declares it: the single source of truth for function.json and the local host.</summary>
/// <param name="Name">The function (and folder) name; the custom-handler route is <c>POST /{Name}</c>.</param>
/// <param name="Trigger">The trigger kind.</param>
/// <param name="Schedule">For timers: the six-field NCRONTAB schedule.</param>
/// <param name="QueueName">For queues: the queue (before the environment prefix).</param>
/// <param name="Route">For HTTP: the route under <c>/api</c>, or at the site root for <see cref="AtRoot"/> functions.</param>
/// <param name="Methods">For HTTP: the methods, lower-case.</param>
/// <param name="HttpHandler">For HTTP: the minimal-API delegate.</param>
/// <param name="Handler">For timers and queues: the handler type, resolved from DI.</param>
public sealed record FunctionDefinition(
    string Name, TriggerKind Trigger, string? Schedule, string? QueueName, string? Route, IReadOnlyList<string> Methods, Delegate? HttpHandler, Type? Handler)
{
    /// <summary>For HTTP: the key callers must present. Admin unless declared otherwise, so a new function is never public by accident.</summary>
    public FunctionAccess Access { get; init; } = FunctionAccess.Admin;

    /// <summary>True for the public link endpoints (<c>/r</c>, <c>/p</c>, <c>/u</c>): they live at the site root, so links stay short.</summary>
    public bool AtRoot { get; init; }

    /// <summary>The route as the host serves it: host.json's route prefix is empty, so API routes carry <c>api/</c> themselves.</summary>
    public string? FullRoute => Route is null ? null : AtRoot ? Route : "api/" + Route;

    /// <summary>A timer function.</summary>
    public static FunctionDefinition Timer<THandler>(string name, string schedule) where THandler : ITimerHandler =>
        new(name, TriggerKind.Timer, schedule, null, null, [], null, typeof(THandler));

    /// <summary>A queue function.</summary>
    public static FunctionDefinition Queue<THandler>(string name, string queueName) where THandler : IQueueHandler =>
        new(name, TriggerKind.Queue, null, queueName, null, [], null, typeof(THandler));

    /// <summary>An HTTP function.</summary>
    public static FunctionDefinition Http(string name, string method, string route, Delegate handler) =>
        new(name, TriggerKind.Http, null, null, route, [method.ToLowerInvariant()], handler, null);
}
