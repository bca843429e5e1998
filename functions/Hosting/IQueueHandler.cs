namespace Reactivation.Functions.Hosting;

/// <summary>Handles one queue message, whether the Functions host or the local poller delivered it.</summary>
/// <remarks>Delivery is at least once: handlers are idempotent. Throwing means "not committed": the message is retried, then poisoned.</remarks>
public interface IQueueHandler
{
    /// <summary>Handles <paramref name="message"/> (already decoded text).</summary>
    /// <returns>A line for the invocation log.</returns>
    Task<string> HandleAsync(string message, int dequeueCount, CancellationToken cancellationToken);
}
