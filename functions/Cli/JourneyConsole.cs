using Microsoft.DurableTask.Client;
using Reactivation.Infra.Journeys;
using Reactivation.Infra.Orchestration;
using Spectre.Console;

namespace Reactivation.Functions.Cli;

/// <summary>Summarises the journey stage of the demo: instances by journey and status, and the outbox.</summary>
public static class JourneyConsole
{
    /// <summary>Prints instances by journey and status, and the first few outbox messages.</summary>
    public static async Task PrintAsync(DurableTaskClient client, OutboxChannel outbox, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<(string Journey, string Status), int>();
        var heldOut = 0;
        await foreach (var instance in AllAsync(client, new InstanceQuery(null, null, null, null), cancellationToken).ConfigureAwait(false))
        {
            var state = instance.State;
            var key = (state.JourneyId, instance.IsTerminal ? $"{instance.Status} ({instance.Output?.Outcome ?? state.Outcome})" : $"{instance.Status} at {state.Step}");
            counts[key] = counts.GetValueOrDefault(key) + 1;
            heldOut += state.HeldOut ? 1 : 0;
        }

        var table = new Table().AddColumns("journey", "status", "instances");
        foreach (var ((journey, status), count) in counts.OrderBy(c => c.Key.Journey, StringComparer.Ordinal).ThenBy(c => c.Key.Status, StringComparer.Ordinal))
        {
            table.AddRow(journey, status, count.ToString("N0", System.Globalization.CultureInfo.InvariantCulture));
        }

        AnsiConsole.MarkupLine($"[bold]Journeys[/]: {counts.Values.Sum():N0} instances, {heldOut:N0} in the holdout (they record what would have been sent)");
        AnsiConsole.Write(table);
        var messages = await outbox.AllAsync(cancellationToken).ConfigureAwait(false);
        AnsiConsole.MarkupLine($"[bold]Outbox[/]: {messages.Count:N0} messages ({string.Join(", ", messages.GroupBy(m => m.GetString("Channel")).Select(g => $"{g.Count():N0} {g.Key}"))}); the first few:");
        foreach (var message in messages.Take(5))
        {
            AnsiConsole.WriteLine($"  {message.GetString("Channel"),-7} {message.GetString("InstanceId"),-40} {message.GetString("Body")}");
        }
    }

    /// <summary>Every instance matching <paramref name="query"/>, page by page.</summary>
    public static async IAsyncEnumerable<JourneyInstance> AllAsync(
        DurableTaskClient client, InstanceQuery query, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? continuation = null;
        do
        {
            var (page, next) = await JourneyInstances.ListAsync(client, query, 1000, continuation, cancellationToken).ConfigureAwait(false);
            foreach (var instance in page)
            {
                yield return instance;
            }

            continuation = next;
        }
        while (continuation is not null);
    }
}
