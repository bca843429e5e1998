using DurableTask.Core;

namespace Reactivation.Functions.Durable;

/// <summary>
/// The orchestration service as the gRPC sidecar's dispatchers see it: every call goes to the real provider, except
/// that starting happens at most once and before any stop, a graceful stop at most once, a forced one at most once after
/// it, and both can be awaited from outside; and a start the provider redelivers over a history that already holds it is
/// taken out of the work item (<see cref="RedeliveredStart"/>).
/// </summary>
/// <remarks>
/// The sidecar starts and stops the provider from <c>async void</c> lifetime callbacks that nobody can await. Left
/// alone, that means: a stop that races the host's disposal (leases left held, so the next host waits for them to
/// expire); a stop before any worker connected, which calls the provider's stop without a start (it throws, and an
/// exception from <c>async void</c> ends the process); and a start after the stop, when a host stops before its worker
/// connected. This class makes those cases no-ops and lets <see cref="TaskHubSidecar"/> wait for the stop, or force it.
/// </remarks>
internal sealed class SidecarOrchestrationService(IOrchestrationService inner, ILogger logger) : IOrchestrationService
{
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stopRequested = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _start;
    private Task? _stop;
    private bool _forced;

    /// <summary>Completes once the sidecar has started the provider (it does so when the worker first connects).</summary>
    public Task Started => _started.Task;

    /// <summary>Completes once anyone has asked for the stop (the sidecar does when its web host stops).</summary>
    public Task StopRequested => _stopRequested.Task;

    public int TaskOrchestrationDispatcherCount => inner.TaskOrchestrationDispatcherCount;

    public int MaxConcurrentTaskOrchestrationWorkItems => inner.MaxConcurrentTaskOrchestrationWorkItems;

    public BehaviorOnContinueAsNew EventBehaviourForContinueAsNew => inner.EventBehaviourForContinueAsNew;

    public int TaskActivityDispatcherCount => inner.TaskActivityDispatcherCount;

    public int MaxConcurrentTaskActivityWorkItems => inner.MaxConcurrentTaskActivityWorkItems;

    public Task StartAsync()
    {
        lock (_gate)
        {
            return _stop is not null ? Task.CompletedTask : _start ??= StartOnceAsync();
        }
    }

    public Task StopAsync() => StopAsync(isForced: false);

    /// <summary>Stops the provider once; later calls, forced or not, return the first call's task.</summary>
    public Task StopAsync(bool isForced)
    {
        lock (_gate)
        {
            _stopRequested.TrySetResult();
            if (_stop is null)
            {
                _forced = isForced;
                return _stop = StopOnceAsync(_start, isForced);
            }

            // The sidecar's own stop is graceful: the provider then drains its control queues, waiting (up to ten
            // minutes) for sessions whose work items went to a worker that is gone, while it keeps listening on those
            // queues. A forced stop asked for after it aborts those sessions so the drain ends, instead of being
            // answered with the graceful stop still running: a provider left draining took messages from the next
            // host on the same task hub, which then waited five minutes for them to become visible again.
            if (isForced && !_forced)
            {
                _forced = true;
                _stop = Task.WhenAll(_stop, StopOnceAsync(_start, isForced: true));
            }

            return _stop;
        }
    }

    public Task CreateAsync() => inner.CreateAsync();

    public Task CreateAsync(bool recreateInstanceStore) => inner.CreateAsync(recreateInstanceStore);

    public Task CreateIfNotExistsAsync() => inner.CreateIfNotExistsAsync();

    public Task DeleteAsync() => inner.DeleteAsync();

    public Task DeleteAsync(bool deleteInstanceStore) => inner.DeleteAsync(deleteInstanceStore);

    public bool IsMaxMessageCountExceeded(int currentMessageCount, OrchestrationRuntimeState runtimeState) =>
        inner.IsMaxMessageCountExceeded(currentMessageCount, runtimeState);

    public int GetDelayInSecondsAfterOnProcessException(Exception exception) => inner.GetDelayInSecondsAfterOnProcessException(exception);

    public int GetDelayInSecondsAfterOnFetchException(Exception exception) => inner.GetDelayInSecondsAfterOnFetchException(exception);

    public async Task<TaskOrchestrationWorkItem> LockNextTaskOrchestrationWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        var workItem = await inner.LockNextTaskOrchestrationWorkItemAsync(receiveTimeout, cancellationToken).ConfigureAwait(false);
        if (RedeliveredStart.Drop(workItem) > 0)
        {
            logger.LogWarning("Dropped a redelivered start of {InstanceId}: its history already holds it (a worker stopped between the episode's write and the message's deletion)", workItem.InstanceId);
        }

        return workItem;
    }

    public Task RenewTaskOrchestrationWorkItemLockAsync(TaskOrchestrationWorkItem workItem) => inner.RenewTaskOrchestrationWorkItemLockAsync(workItem);

    public Task CompleteTaskOrchestrationWorkItemAsync(
        TaskOrchestrationWorkItem workItem, OrchestrationRuntimeState newOrchestrationRuntimeState, IList<TaskMessage> outboundMessages,
        IList<TaskMessage> orchestratorMessages, IList<TaskMessage> timerMessages, TaskMessage continuedAsNewMessage, OrchestrationState orchestrationState) =>
        inner.CompleteTaskOrchestrationWorkItemAsync(
            workItem, newOrchestrationRuntimeState, outboundMessages, orchestratorMessages, timerMessages, continuedAsNewMessage, orchestrationState);

    public Task AbandonTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => inner.AbandonTaskOrchestrationWorkItemAsync(workItem);

    public Task ReleaseTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => inner.ReleaseTaskOrchestrationWorkItemAsync(workItem);

    public Task<TaskActivityWorkItem> LockNextTaskActivityWorkItem(TimeSpan receiveTimeout, CancellationToken cancellationToken) =>
        inner.LockNextTaskActivityWorkItem(receiveTimeout, cancellationToken);

    public Task<TaskActivityWorkItem> RenewTaskActivityWorkItemLockAsync(TaskActivityWorkItem workItem) => inner.RenewTaskActivityWorkItemLockAsync(workItem);

    public Task CompleteTaskActivityWorkItemAsync(TaskActivityWorkItem workItem, TaskMessage responseMessage) =>
        inner.CompleteTaskActivityWorkItemAsync(workItem, responseMessage);

    public Task AbandonTaskActivityWorkItemAsync(TaskActivityWorkItem workItem) => inner.AbandonTaskActivityWorkItemAsync(workItem);

    private async Task StartOnceAsync()
    {
        try
        {
            await inner.StartAsync().ConfigureAwait(false);
            _started.TrySetResult();
        }
        catch (Exception ex)
        {
            _started.TrySetException(ex);
            throw;
        }
    }

    private async Task StopOnceAsync(Task? start, bool isForced)
    {
        if (start is null)
        {
            return;
        }

        try
        {
            await start.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // A provider that never started holds nothing to release.
            return;
        }

        try
        {
            await inner.StopAsync(isForced).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NullReferenceException or ObjectDisposedException or InvalidOperationException or OperationCanceledException)
        {
            // A forced stop runs beside a graceful one still draining (see StopAsync), and the provider's stop is not
            // safe to run twice at once: its lease manager clears its token source while the other call uses it. The
            // sidecar calls this from the host's stopping callback, where an exception would kill the process; by
            // then the provider holds nothing a lease's expiry does not release.
        }
    }
}
