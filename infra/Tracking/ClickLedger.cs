using Azure;
using Azure.Data.Tables;
using Reactivation.Core.Tracking;
using Reactivation.Infra.Storage;

namespace Reactivation.Infra.Tracking;

/// <summary>
/// Every click on a tracked link (table <c>clicks</c>, PartitionKey = send key): a row per click, <c>c~{clickId}</c>,
/// and for the first human click a marker row, <c>first</c>, naming it. The marker is what deduplicates: it is inserted
/// with If-None-Match semantics (an insert fails on an existing row), so of any number of simultaneous human clicks on
/// one send exactly one wins and raises the journey's <c>click</c>.
/// </summary>
/// <remarks>
/// Storage contract: the columns (ClickId, At, Kind, Reason, Method, UserAgent, Destination; ClickId and At on the
/// marker) are read by measurement and later versions; add columns, never rename them.
/// </remarks>
public sealed class ClickLedger(StorageAccount account)
{
    /// <summary>The longest user agent kept.</summary>
    public const int MaxUserAgent = 256;

    /// <summary>The prefix of click rows' keys.</summary>
    public const string ClickPrefix = "c~";

    /// <summary>The marker row's key.</summary>
    public const string FirstKey = "first";

    private const string Table = "clicks";

    /// <summary>
    /// Stores <paramref name="click"/> and, for a human click, claims the send's first-click marker (insert-only, so of
    /// any number of simultaneous clicks exactly one wins). Recording the same click again (a redelivered message) stores
    /// nothing new and answers as the first time did.
    /// </summary>
    /// <returns>True when this click holds the marker: it is the send's first human click, and its event is to be raised.</returns>
    public async Task<bool> RecordAsync(ClickRecord click, CancellationToken cancellationToken)
    {
        var table = await account.TableAsync(Table, cancellationToken).ConfigureAwait(false);
        var row = TryAddAsync(table, ToEntity(click), cancellationToken);
        if (click.Kind != ClickKind.Human)
        {
            await row.ConfigureAwait(false);
            return false;
        }

        var first = TryAddAsync(table, new TableEntity(click.SendKey, FirstKey) { ["ClickId"] = click.ClickId, ["At"] = click.At }, cancellationToken);
        await Task.WhenAll(row, first).ConfigureAwait(false);
        if (await first.ConfigureAwait(false))
        {
            return true;
        }

        var marker = await table.GetEntityIfExistsAsync<TableEntity>(click.SendKey, FirstKey, ["ClickId"], cancellationToken).ConfigureAwait(false);
        return marker.HasValue && marker.Value!.GetString("ClickId") == click.ClickId;
    }

    /// <summary>Every click stored for <paramref name="sendKey"/>, oldest first, and the id of the first human one.</summary>
    public async Task<(IReadOnlyList<ClickRecord> Clicks, string? FirstHumanClickId)> ReadAsync(string sendKey, CancellationToken cancellationToken)
    {
        var table = await account.TableAsync(Table, cancellationToken).ConfigureAwait(false);
        var clicks = new List<ClickRecord>();
        string? first = null;
        await foreach (var row in table.QueryAsync<TableEntity>(e => e.PartitionKey == sendKey, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (row.RowKey == FirstKey)
            {
                first = row.GetString("ClickId");
            }
            else
            {
                clicks.Add(FromEntity(row));
            }
        }

        return (clicks, first);
    }

    /// <summary>How many clicks the table holds in all (for the load benchmark's check; scans the table).</summary>
    public async Task<int> CountAsync(CancellationToken cancellationToken)
    {
        var table = await account.TableAsync(Table, cancellationToken).ConfigureAwait(false);
        var count = 0;
        var filter = TableClient.CreateQueryFilter($"RowKey ge {ClickPrefix} and RowKey lt {ClickPrefix + "\u007f"}");
        await foreach (var _ in table.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            count++;
        }

        return count;
    }

    private static async Task<bool> TryAddAsync(TableClient table, TableEntity entity, CancellationToken cancellationToken)
    {
        try
        {
            await table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    private static TableEntity ToEntity(ClickRecord click) => new(click.SendKey, ClickPrefix + click.ClickId)
    {
        ["ClickId"] = click.ClickId,
        ["At"] = click.At,
        ["Kind"] = click.Kind.ToString(),
        ["Reason"] = click.Reason,
        ["Method"] = click.Method,
        ["UserAgent"] = click.UserAgent is { Length: > MaxUserAgent } agent ? agent[..MaxUserAgent] : click.UserAgent,
        ["Destination"] = click.Destination,
    };

    private static ClickRecord FromEntity(TableEntity row) => new(
        row.PartitionKey, row.GetString("ClickId") ?? row.RowKey[ClickPrefix.Length..], row.GetDateTimeOffset("At") ?? row.Timestamp ?? default,
        Enum.TryParse<ClickKind>(row.GetString("Kind"), out var kind) ? kind : ClickKind.Scanner, row.GetString("Reason"), row.GetString("Method") ?? "GET",
        row.GetString("UserAgent"), row.GetString("Destination") ?? "");
}
