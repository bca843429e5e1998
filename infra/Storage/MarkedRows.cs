using Azure;
using Azure.Data.Tables;

namespace Reactivation.Infra.Storage;

/// <summary>Rows added at most once per natural id: each with a marker row in the same partition, in one transaction.</summary>
/// <remarks>A second add under the same marker fails the transaction whole, so the first row stands and nothing is doubled.</remarks>
internal static class MarkedRows
{
    /// <summary>Adds <paramref name="row"/> and the marker <paramref name="markerRowKey"/> (whose <c>Entry</c> column names the row).</summary>
    /// <returns>False when the marker already exists (nothing is written).</returns>
    public static async Task<bool> AddOnceAsync(TableClient table, string markerRowKey, TableEntity row, CancellationToken cancellationToken)
    {
        try
        {
            await table.SubmitTransactionAsync(
                [
                    new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(row.PartitionKey, markerRowKey) { ["Entry"] = row.RowKey }),
                    new TableTransactionAction(TableTransactionActionType.Add, row),
                ],
                cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }
}
