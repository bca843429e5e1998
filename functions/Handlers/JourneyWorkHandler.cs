using Reactivation.Functions.Hosting;
using Reactivation.Infra.Journeys;

namespace Reactivation.Functions.Handlers;

/// <summary>Runs journey steps from <c>journey-work</c>: starts, timers, events and repairs.</summary>
public sealed class JourneyWorkHandler(JourneyEngine engine) : IQueueHandler
{
    /// <inheritdoc />
    public Task<string> HandleAsync(string message, int dequeueCount, CancellationToken cancellationToken) =>
        engine.HandleAsync(JourneyQueue.Parse(message), cancellationToken);
}
