using Microsoft.DurableTask.Client;
using Reactivation.Functions.Hosting;
using Reactivation.Infra.Tracking;

namespace Reactivation.Functions.Handlers;

/// <summary>The <c>ClickWork</c> queue function: credits the clicks the click-back queued (see <see cref="ClickProcessor"/>).</summary>
public sealed class ClickWorkHandler(ClickProcessor processor)
{
    /// <summary>Credits the clicks of one message, raising journeys' events through <paramref name="client"/>.</summary>
    /// <returns>A line for the invocation log.</returns>
    public async Task<string> HandleAsync(string message, DurableTaskClient client, CancellationToken cancellationToken)
    {
        // The clicks of one message are independent (the first-click marker settles races on one send), so they are credited side by side.
        var clicks = PendingClick.Parse(message);
        var lines = new string[clicks.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, clicks.Count), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            var (click, raised) = await processor.ProcessAsync(client, clicks[i], ct).ConfigureAwait(false);
            lines[i] = $"{click.ClickId}: {click.Kind.ToString().ToLowerInvariant()}{(click.Reason is null ? "" : $" ({click.Reason})")}{(raised ? ", first human click, click raised" : "")}";
        }).ConfigureAwait(false);
        return string.Join("; ", lines);
    }
}
