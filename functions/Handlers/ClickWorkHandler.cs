using Reactivation.Functions.Hosting;
using Reactivation.Infra.Tracking;

namespace Reactivation.Functions.Handlers;

/// <summary>The <c>ClickWork</c> queue function: credits the clicks the click-back queued (see <see cref="ClickProcessor"/>).</summary>
public sealed class ClickWorkHandler(ClickProcessor processor) : IQueueHandler
{
    /// <inheritdoc />
    public async Task<string> HandleAsync(string message, int dequeueCount, CancellationToken cancellationToken)
    {
        // The clicks of one message are independent (the first-click marker settles races on one send), so they are credited side by side.
        var clicks = PendingClick.Parse(message);
        var lines = new string[clicks.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, clicks.Count), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            var (click, raised) = await processor.ProcessAsync(clicks[i], ct).ConfigureAwait(false);
            lines[i] = $"{click.ClickId}: {click.Kind.ToString().ToLowerInvariant()}{(click.Reason is null ? "" : $" ({click.Reason})")}{(raised ? ", first human click, click raised" : "")}";
        }).ConfigureAwait(false);
        return string.Join("; ", lines);
    }
}
