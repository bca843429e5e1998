using Reactivation.Functions.Hosting;
using Reactivation.Infra.Tracking;

namespace Reactivation.Functions.Handlers;

/// <summary>The <c>ClickWork</c> queue function: credits the clicks the click-back queued (see <see cref="ClickProcessor"/>).</summary>
public sealed class ClickWorkHandler(ClickProcessor processor) : IQueueHandler
{
    /// <inheritdoc />
    public async Task<string> HandleAsync(string message, int dequeueCount, CancellationToken cancellationToken)
    {
        var (click, raised) = await processor.ProcessAsync(PendingClick.Parse(message), cancellationToken).ConfigureAwait(false);
        return $"{click.ClickId}: {click.Kind.ToString().ToLowerInvariant()}{(click.Reason is null ? "" : $" ({click.Reason})")}{(raised ? ", first human click, click raised" : "")}";
    }
}
