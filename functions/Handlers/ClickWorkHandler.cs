using Reactivation.Functions.Hosting;
using Reactivation.Infra.Tracking;

namespace Reactivation.Functions.Handlers;

/// <summary>The <c>ClickWork</c> queue function: credits the clicks the click-back queued (see <see cref="ClickProcessor"/>).</summary>
public sealed class ClickWorkHandler(ClickProcessor processor) : IQueueHandler
{
    /// <inheritdoc />
    public async Task<string> HandleAsync(string message, int dequeueCount, CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        foreach (var pending in PendingClick.Parse(message))
        {
            var (click, raised) = await processor.ProcessAsync(pending, cancellationToken).ConfigureAwait(false);
            lines.Add($"{click.ClickId}: {click.Kind.ToString().ToLowerInvariant()}{(click.Reason is null ? "" : $" ({click.Reason})")}{(raised ? ", first human click, click raised" : "")}");
        }

        return string.Join("; ", lines);
    }
}
