namespace Reactivation.Functions.Hosting;

/// <summary>Handles a timer firing, whether the Functions host or the local scheduler fired it.</summary>
public interface ITimerHandler
{
    /// <summary>Runs the work for the occurrence scheduled at <paramref name="scheduledAt"/>.</summary>
    /// <param name="scheduledAt">The schedule's occurrence this firing stands for (UTC), so a late or repeated firing decides the same.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    Task<string> HandleAsync(DateTimeOffset scheduledAt, CancellationToken cancellationToken);
}
