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
    /// Stores <paramref name="click"/>; for a human click, also tries to become the send's first, and answers whether it did.
    /// The two inserts go out together, so a repeat click costs no more time than a first one.
    /// </summary>
    public async Task<bool> RecordAsync(ClickRecord click, CancellationToken cancellationToken)
    {
        var table = await account.TableAsync(Table, cancellationToken).ConfigureAwait(false);
        var row = table.AddEntityAsync(ToEntity(click), cancellationToken);
        if (click.Kind != ClickKind.Human)
        {
            await row.ConfigureAwait(false);
            return false;
        }

        var first = TryAddAsync(table, new TableEntity(click.SendKey, FirstKey) { ["ClickId"] = click.ClickId, ["At"] = click.At }, cancellationToken);
        await Task.WhenAll(row, first).ConfigureAwait(false);
        return await first.ConfigureAwait(false);
    }

    /// <summary>Gives up the first-click marker of <paramref name="click"/>, when raising its event failed, so the next click can raise it.</summary>
    public async Task ReleaseFirstAsync(ClickRecord click, CancellationToken cancellationToken)
    {
        var table = await account.TableAsync(Table, cancellationToken).ConfigureAwait(false);
        var marker = await table.GetEntityIfExistsAsync<TableEntity>(click.SendKey, FirstKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (marker.HasValue && marker.Value!.GetString("ClickId") == click.ClickId)
        {
            await table.DeleteEntityAsync(click.SendKey, FirstKey, marker.Value.ETag, cancellationToken).ConfigureAwait(false);
        }
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
