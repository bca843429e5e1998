using Azure.Data.Tables;
using Reactivation.Core.Journeys;
using Reactivation.Core.Journeys.Events;
using Reactivation.Infra.Storage;

namespace Reactivation.Infra.Policy;

/// <summary>
/// The why-not-sent ledger (table <c>notsent</c>, one partition per user): every message a journey did not send, across
/// journeys, with the reason from the journey's history, so an operator can answer "why didn't this user get it?".
/// </summary>
/// <remarks>
/// The engine writes a decision's rows before it commits the decision, keyed by instance, sequence and position, so a
/// crash before the commit rewrites the same rows when the step is decided again and nothing is lost or doubled.
/// </remarks>
public sealed class NotSentLedger(StorageAccount account)
{
    private const string Table = "notsent";

    /// <summary>Records the not-sent entries of a decision (none: no storage call).</summary>
    public Task RecordAsync(JourneyState state, JourneyDecision decision, CancellationToken cancellationToken) =>
        RecordAsync(state, decision.Events, i => $"{state.InstanceId}~{decision.State.Sequence:D8}~{i:D3}", cancellationToken);

    /// <summary>Records the not-sent entries among <paramref name="events"/>, each under <paramref name="rowKey"/> of its position.</summary>
    public async Task RecordAsync(JourneyState state, IReadOnlyList<JourneyEvent> events, Func<int, string> rowKey, CancellationToken cancellationToken)
    {
        var rows = events
            .Select((e, index) => (e, index))
            .Where(x => x.e is INotSent)
            .Select(x => new TableEntity(state.UserId, rowKey(x.index))
            {
                ["At"] = x.e.At,
                ["Instance"] = state.InstanceId,
                ["Journey"] = state.JourneyId,
                ["Step"] = x.e.Step,
                ["Kind"] = JourneyTimeline.Line(x.e)!.Kind,
                ["Code"] = Core.Measurement.JourneyFacts.ReasonName(((INotSent)x.e).Reason),
                ["Reason"] = ((INotSent)x.e).Detail,
            })
            .ToList();
        if (rows.Count == 0)
        {
            return;
        }

        var table = await account.TableAsync(Table, cancellationToken).ConfigureAwait(false);
        foreach (var chunk in rows.Chunk(100))
        {
            await table.SubmitTransactionAsync(chunk.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, r)), cancellationToken)
                .ConfigureAwait(false);
        }
    }

    /// <summary>The user's entries, newest first.</summary>
    public async Task<IReadOnlyList<NotSentEntry>> ReadAsync(string userId, int limit, CancellationToken cancellationToken)
    {
        var table = await account.TableAsync(Table, cancellationToken).ConfigureAwait(false);
        var entries = new List<NotSentEntry>();
        await foreach (var row in table.QueryAsync<TableEntity>(e => e.PartitionKey == userId, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            entries.Add(new NotSentEntry(
                row.GetDateTimeOffset("At") ?? DateTimeOffset.MinValue, row.GetString("Instance") ?? "", row.GetString("Journey") ?? "", row.GetString("Step"),
                row.GetString("Kind") ?? "", row.GetString("Reason")) { Code = row.GetString("Code") });
        }

        return entries.OrderByDescending(e => e.At).ThenByDescending(e => e.InstanceId, StringComparer.Ordinal).Take(limit).ToList();
    }
}
