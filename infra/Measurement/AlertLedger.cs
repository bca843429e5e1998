using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Reactivation.Core.Measurement.Alerts;
using Reactivation.Infra.Storage;

namespace Reactivation.Infra.Measurement;

/// <summary>
/// The alert ledger (table <c>alerts</c>, one partition): one row per alert, keyed by inverted raise time so the partition
/// reads newest first, and a marker row <c>id~{hash}</c> per natural id (<see cref="Alert.Id"/>).
/// </summary>
/// <remarks>
/// An alert is added in one transaction with its marker; raising the same alert again finds the marker, the transaction
/// fails whole, and the first row stands untouched. Only the delivery columns (state, attempts, last error, delivery
/// time) ever change, and only under the ETag read with them.
/// Storage contract: the columns below are the table's; add, never rename.
/// </remarks>
public sealed class AlertLedger(StorageAccount account)
{
    private const string Table = "alerts";
    private const string Partition = "alerts";
    private const string MarkerPrefix = "id~";

    /// <summary>Records <paramref name="alert"/> as raised at <paramref name="raisedAt"/>, pending delivery.</summary>
    /// <returns>False when an alert with the same id was already recorded (nothing is written).</returns>
    public async Task<bool> RecordAsync(Alert alert, DateTimeOffset raisedAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var table = await account.TableAsync(Table, cancellationToken).ConfigureAwait(false);
        var hash = Hash(alert.Id);
        var row = new TableEntity(Partition, $"{DateTimeOffset.MaxValue.UtcTicks - raisedAt.UtcTicks:D19}~{hash}")
        {
            ["Id"] = alert.Id,
            ["Rule"] = alert.Rule,
            ["Severity"] = alert.Severity.ToString(),
            ["Subject"] = alert.Subject,
            ["PeriodFrom"] = Day(alert.Period.From),
            ["PeriodTo"] = Day(alert.Period.To),
            ["Observed"] = alert.Observed,
            ["Threshold"] = alert.Threshold,
            ["Message"] = alert.Message,
            ["RaisedAt"] = raisedAt,
            ["State"] = nameof(AlertDeliveryState.Pending),
            ["Attempts"] = 0,
        };
        return await MarkedRows.AddOnceAsync(table, MarkerPrefix + hash, row, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The newest <paramref name="limit"/> alerts, newest first.</summary>
    public Task<IReadOnlyList<AlertRecord>> RecentAsync(int limit, CancellationToken cancellationToken = default) =>
        ReadAsync($"PartitionKey eq '{Partition}' and RowKey lt '{MarkerPrefix}'", limit, cancellationToken);

    /// <summary>The newest <paramref name="limit"/> alerts not delivered yet, newest first.</summary>
    public Task<IReadOnlyList<AlertRecord>> PendingAsync(int limit, CancellationToken cancellationToken = default) =>
        ReadAsync($"PartitionKey eq '{Partition}' and RowKey lt '{MarkerPrefix}' and State eq '{nameof(AlertDeliveryState.Pending)}'", limit, cancellationToken);

    /// <summary>Marks <paramref name="record"/> delivered at <paramref name="at"/>, counting the attempt.</summary>
    /// <returns>False when another run changed the row since it was read (nothing is written).</returns>
    public Task<bool> MarkDeliveredAsync(AlertRecord record, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        UpdateAsync(record, new TableEntity { ["State"] = nameof(AlertDeliveryState.Delivered), ["Attempts"] = record.Attempts + 1, ["DeliveredAt"] = at }, cancellationToken);

    /// <summary>Counts a failed attempt on <paramref name="record"/>, which stays pending for the next run.</summary>
    /// <returns>False when another run changed the row since it was read (nothing is written).</returns>
    public Task<bool> MarkFailedAsync(AlertRecord record, string error, CancellationToken cancellationToken = default) =>
        UpdateAsync(record, new TableEntity { ["Attempts"] = record.Attempts + 1, ["LastError"] = error.Length > 500 ? error[..500] : error }, cancellationToken);

    private async Task<bool> UpdateAsync(AlertRecord record, TableEntity changes, CancellationToken cancellationToken)
    {
        var table = await account.TableAsync(Table, cancellationToken).ConfigureAwait(false);
        changes.PartitionKey = Partition;
        changes.RowKey = record.RowKey;
        try
        {
            await table.UpdateEntityAsync(changes, record.ETag, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            return false;
        }
    }

    private async Task<IReadOnlyList<AlertRecord>> ReadAsync(string filter, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var table = await account.TableAsync(Table, cancellationToken).ConfigureAwait(false);
        var records = new List<AlertRecord>(Math.Min(limit, 1_000));
        await foreach (var row in table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(limit, 1_000), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            records.Add(ToRecord(row));
            if (records.Count == limit)
            {
                break;
            }
        }

        return records;
    }

    private static AlertRecord ToRecord(TableEntity row) => new(
        new Alert(
            row.GetString("Rule") ?? "",
            Enum.TryParse<AlertSeverity>(row.GetString("Severity"), out var severity) ? severity : AlertSeverity.Warning,
            row.GetString("Subject") ?? "",
            new AlertPeriod(ParseDay(row.GetString("PeriodFrom")), ParseDay(row.GetString("PeriodTo"))),
            row.GetDouble("Observed") ?? 0,
            row.GetDouble("Threshold") ?? 0,
            row.GetString("Message") ?? ""),
        row.GetDateTimeOffset("RaisedAt") ?? DateTimeOffset.MinValue,
        Enum.TryParse<AlertDeliveryState>(row.GetString("State"), out var state) ? state : AlertDeliveryState.Pending,
        row.GetInt32("Attempts") ?? 0,
        row.GetString("LastError"),
        row.GetDateTimeOffset("DeliveredAt"))
    {
        RowKey = row.RowKey,
        ETag = row.ETag,
    };

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly ParseDay(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : DateOnly.MinValue;

    private static string Hash(string id) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)))[..32];
}
