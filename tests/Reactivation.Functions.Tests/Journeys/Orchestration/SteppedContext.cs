using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Reactivation.Functions.Tests.Journeys.Orchestration;

/// <summary>
/// An orchestration context a test drives one message at a time, as the provider delivers them in episodes: it records
/// what the orchestrator asks for, and completing one of those requests runs the orchestrator synchronously up to its
/// next wait, so everything it asks for meanwhile belongs to the turn that message started.
/// </summary>
/// <remarks>
/// A seam for the orchestrator's ordering of effects and commits, which the provider's own hosts cannot show: on them a
/// lost episode is a worker dying between two storage calls. Replay is not modelled; the orchestrator's determinism is
/// the real hosts' to prove.
/// </remarks>
internal sealed class SteppedContext(string instanceId, DateTime start) : TaskOrchestrationContext
{
    private readonly List<Request> _pending = [];
    private DateTime _now = start;
    private Turn _turn = new("start");

    /// <summary>Every turn so far, the one in progress last.</summary>
    public List<Turn> Turns { get; } = [];

    /// <summary>Requests not completed yet, oldest first.</summary>
    public IReadOnlyList<Request> Pending => _pending;

    public object? CustomStatus { get; private set; }

    public object? ContinuedAsNewWith { get; private set; }

    public override TaskName Name => "JourneyOrchestrator";

    public override string InstanceId => instanceId;

    public override ParentOrchestrationInstance? Parent => null;

    public override DateTime CurrentUtcDateTime => _now;

    public override bool IsReplaying => false;

    protected override ILoggerFactory LoggerFactory => NullLoggerFactory.Instance;

    /// <summary>Starts a turn for <paramref name="start"/> (the orchestrator's first run); call before running it.</summary>
    public void Begin() => Turns.Add(_turn);

    /// <summary>Completes <paramref name="request"/> with <paramref name="result"/> in a turn of its own, at <paramref name="at"/> (or now).</summary>
    public void Complete(Request request, object? result, DateTime? at = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!_pending.Remove(request))
        {
            throw new InvalidOperationException($"{request} is not pending");
        }

        _now = at ?? _now;
        _turn = new Turn(request.ToString());
        Turns.Add(_turn);
        request.Complete(result);
    }

    public override T? GetInput<T>() where T : default => default;

    public override Task<TResult> CallActivityAsync<TResult>(TaskName name, object? input = null, TaskOptions? options = null) =>
        Ask<TResult>(new Request(RequestKind.Activity, name.Name, input, null, _now));

    public override Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken)
    {
        var request = new Request(RequestKind.Timer, "timer", null, fireAt, _now);
        var task = Ask<object?>(request);
        cancellationToken.Register(() =>
        {
            _pending.Remove(request);
            request.Cancel();
        });
        return task;
    }

    public override Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default) =>
        Ask<T>(new Request(RequestKind.Event, eventName, null, null, _now));

    public override void SendEvent(string instanceId, string eventName, object payload) =>
        throw new InvalidOperationException("the journey orchestrator sends no events");

    public override void SetCustomStatus(object? customStatus) => CustomStatus = customStatus;

    public override Task<TResult> CallSubOrchestratorAsync<TResult>(TaskName orchestratorName, object? input = null, TaskOptions? options = null) =>
        throw new InvalidOperationException("the journey orchestrator starts no sub-orchestrations");

    public override void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true) => ContinuedAsNewWith = newInput;

    public override Guid NewGuid() => Guid.NewGuid();

    private Task<T> Ask<T>(Request request)
    {
        // Continuations run on the completing call, as the provider's dispatcher runs them within the episode.
        var source = new TaskCompletionSource<T>();
        request.Bind(result => source.SetResult((T)result!), () => source.TrySetCanceled());
        _pending.Add(request);
        _turn.Requests.Add(request);
        return source.Task;
    }

    /// <summary>What the orchestrator asked for in the turn one message started.</summary>
    /// <param name="Trigger">The message (or the start).</param>
    internal sealed record Turn(string Trigger)
    {
        public List<Request> Requests { get; } = [];
    }
}

internal enum RequestKind
{
    Activity,
    Timer,
    Event,
}

/// <summary>One thing the orchestrator asked the context for.</summary>
/// <param name="Kind">Activity, timer or external event.</param>
/// <param name="Name">The activity's or event's name.</param>
/// <param name="Input">The activity's input.</param>
/// <param name="FireAt">The timer's due time.</param>
/// <param name="AskedAt">The orchestration time it was asked at.</param>
internal sealed record Request(RequestKind Kind, string Name, object? Input, DateTime? FireAt, DateTime AskedAt)
{
    private Action<object?>? _complete;
    private Action? _cancel;

    /// <summary>A timer due when it was created: a commit point, not a wait.</summary>
    public bool IsCommitTimer => Kind == RequestKind.Timer && FireAt <= AskedAt;

    public void Bind(Action<object?> complete, Action cancel) => (_complete, _cancel) = (complete, cancel);

    public void Complete(object? result) => _complete!(result);

    public void Cancel() => _cancel!();

    public override string ToString() => Kind switch
    {
        RequestKind.Timer => IsCommitTimer ? "commit timer" : $"timer due {FireAt:O}",
        RequestKind.Event => $"event {Name}",
        _ => $"activity {Name}",
    };
}
