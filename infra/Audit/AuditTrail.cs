using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using Reactivation.Core.Audit;
using Reactivation.Core.Journeys;
using Reactivation.Core.Privacy;
using Reactivation.Infra.Storage;

namespace Reactivation.Infra.Audit;

/// <summary>
/// The append-only audit trail (table <c>audit</c>): one partition per user, plus <see cref="AdminPartition"/> for
/// actions on no one user; row key = inverted time and a unique id, so a partition reads newest first.
/// </summary>
/// <remarks>
/// Rows are only ever added. An entry with a natural id (<see cref="AuditEntry.DedupeKey"/>) is added in one
/// transaction with a marker row <c>key~{hash}</c>; a retry finds the marker, the transaction fails whole, and nothing
/// is doubled, whatever time the retry carries. Details are masked with <see cref="ContactMask"/> before they are stored.
/// </remarks>
public sealed class AuditTrail(StorageAccount account)
{
    /// <summary>The partition of actions on no one user; <c>~</c> is never part of a user id, so no user can share it.</summary>
    public const string AdminPartition = "~admin";

    private const string Table = "audit";
    private const string MarkerPrefix = "key~";
    private const int MaxDetail = 1_000;

    /// <summary>Records <paramref name="entry"/>.</summary>
    /// <returns>False when an entry with the same dedupe key was already recorded.</returns>
    public async Task<bool> RecordAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        var table = await account.TableAsync(Table, cancellationToken).ConfigureAwait(false);
        var partition = entry.UserId ?? AdminPartition;
        var id = entry.DedupeKey is { } key ? Hash(key) : Guid.NewGuid().ToString("N");
        var detail = ContactMask.MaskText(entry.Detail);
        var row = new TableEntity(partition, $"{DateTimeOffset.MaxValue.UtcTicks - entry.At.UtcTicks:D19}~{id}")
        {
            ["At"] = entry.At,
            ["Kind"] = entry.Kind,
            ["Actor"] = entry.Actor,
            ["Detail"] = detail.Length > MaxDetail ? detail[..MaxDetail] : detail,
            ["SendKey"] = entry.SendKey,
            ["InstanceId"] = entry.InstanceId,
        };
        if (entry.DedupeKey is null)
        {
            await table.AddEntityAsync(row, cancellationToken).ConfigureAwait(false);
            return true;
        }

        return await MarkedRows.AddOnceAsync(table, MarkerPrefix + id, row, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Records the sends and skips of a journey decision (see <see cref="JourneyAudit"/>); called before the decision commits.</summary>
    public async Task RecordAsync(JourneyState before, JourneyDecision decision, CancellationToken cancellationToken)
    {
        foreach (var entry in JourneyAudit.Entries(before, decision))
        {
            await RecordAsync(entry, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The newest <paramref name="limit"/> entries of a partition (a user id, or <see cref="AdminPartition"/>).</summary>
    public async Task<IReadOnlyList<AuditEntry>> ReadAsync(string partition, int limit, CancellationToken cancellationToken)
    {
        var table = await account.TableAsync(Table, cancellationToken).ConfigureAwait(false);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey lt {MarkerPrefix}");
        var entries = new List<AuditEntry>(Math.Min(limit, 1_000));
        await foreach (var row in table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(limit, 1_000), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            entries.Add(new AuditEntry(
                row.GetDateTimeOffset("At") ?? DateTimeOffset.MinValue, row.GetString("Kind") ?? "", row.GetString("Actor") ?? "",
                partition == AdminPartition ? null : partition, row.GetString("Detail") ?? "")
            {
                SendKey = row.GetString("SendKey"),
                InstanceId = row.GetString("InstanceId"),
            });
            if (entries.Count == limit)
            {
                break;
            }
        }

        return entries;
    }

    private static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..32];
}
