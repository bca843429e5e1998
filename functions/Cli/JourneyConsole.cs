using Reactivation.Core.Journeys;
using Reactivation.Infra.Journeys;
using Reactivation.Infra.Local;
using Reactivation.Infra.Storage;
using Spectre.Console;

namespace Reactivation.Functions.Cli;

/// <summary>Follows the journey stage of the demo: enrollments draining, steps running, the outbox filling; then a summary.</summary>
public static class JourneyConsole
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    /// <summary>Waits (with progress) until the enrollment and journey-work queues are drained.</summary>
    public static async Task DrainAsync(StorageAccount account, string title, CancellationToken cancellationToken)
    {
        var enrollments = await account.QueueAsync(QueueNames.Enrollments, cancellationToken).ConfigureAwait(false);
        var work = await account.QueueAsync(QueueNames.JourneyWork, cancellationToken).ConfigureAwait(false);
        await AnsiConsole.Status().StartAsync(title, async status =>
        {
            var quiet = 0;
            var deadline = DateTimeOffset.UtcNow + Patience;
            while (quiet < 3 && DateTimeOffset.UtcNow < deadline)
            {
                // Visible messages only: timers waiting for their due time are not work to wait for.
                var waiting = (await enrollments.PeekMessagesAsync(32, cancellationToken).ConfigureAwait(false)).Value.Length
                    + (await work.PeekMessagesAsync(32, cancellationToken).ConfigureAwait(false)).Value.Length;
                var total = (await enrollments.GetPropertiesAsync(cancellationToken).ConfigureAwait(false)).Value.ApproximateMessagesCount;
                status.Status($"{title}: {total:N0} hand-offs left to enroll, {(waiting > 0 ? "steps running" : "quiet")}");
                quiet = waiting == 0 ? quiet + 1 : 0;
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
            }
        }).ConfigureAwait(false);
    }

    /// <summary>If instances wait for a send window that is closed now, moves the clock to the latest such opening and wakes them.</summary>
    /// <returns>How far the clock moved.</returns>
    public static async Task<TimeSpan> SkipToSendWindowAsync(
        JourneyQueries queries, JourneyRepair repair, ShiftedClock clock, JourneyOptions options, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var latest = now;
        await foreach (var instance in AllAsync(queries, new InstanceQuery(null, [InstanceStatus.Running], null, null), cancellationToken).ConfigureAwait(false))
        {
            if (instance.Waiting == WaitingFor.Timer && instance.DueAt is { } due && due > latest)
            {
                latest = due;
            }
        }

        if (latest == now)
        {
            return TimeSpan.Zero;
        }

        var shift = latest - now + options.RepairGrace + TimeSpan.FromMinutes(1);
        clock.Advance(shift);
        await repair.RunAsync(cancellationToken).ConfigureAwait(false);
        return shift;
    }

    /// <summary>Prints instances by journey and status, and the first few outbox messages.</summary>
    public static async Task PrintAsync(JourneyQueries queries, OutboxChannel outbox, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<(string Journey, string Status), int>();
        var heldOut = 0;
        await foreach (var instance in AllAsync(queries, new InstanceQuery(null, null, null, null), cancellationToken).ConfigureAwait(false))
        {
            var key = (instance.JourneyId, instance.IsTerminal ? $"{instance.Status} ({instance.Outcome})" : $"{instance.Status} at {instance.Step}");
            counts[key] = counts.GetValueOrDefault(key) + 1;
            heldOut += instance.HeldOut ? 1 : 0;
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
    public static async IAsyncEnumerable<JourneyState> AllAsync(
        JourneyQueries queries, InstanceQuery query, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? continuation = null;
        do
        {
            var (page, next) = await queries.ListAsync(query, 1000, continuation, cancellationToken).ConfigureAwait(false);
            foreach (var instance in page)
            {
                yield return instance;
            }

            continuation = next;
        }
        while (continuation is not null);
    }
}
