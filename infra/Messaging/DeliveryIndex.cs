using System.Text;
using Azure.Data.Tables;
using Reactivation.Core.Journeys;
using Reactivation.Infra.Storage;

namespace Reactivation.Infra.Messaging;

/// <summary>
/// Maps provider message ids to the sends they carry (table <c>deliveries</c>, PartitionKey = provider message id,
/// RowKey = <c>send</c>), written by <see cref="AcsChannel"/> when ACS accepts a send and read by delivery reports.
/// </summary>
/// <remarks>
/// Storage contract: the row's columns (InstanceId, SendKey, UserId, Channel, Address) are read by every later version;
/// add columns, never rename them. One partition per message spreads the writes and makes each lookup a point read.
/// </remarks>
public sealed class DeliveryIndex(StorageAccount account)
{
    private const string Table = "deliveries";
    private const string RowKey = "send";

    /// <summary>Records <paramref name="entry"/>; writing the same entry again (a retried send) is harmless.</summary>
    public async Task RecordAsync(DeliveryIndexEntry entry, CancellationToken cancellationToken)
    {
        var table = await account.TableAsync(Table, cancellationToken).ConfigureAwait(false);
        await table.UpsertEntityAsync(
            new TableEntity(KeyOf(entry.ProviderMessageId), RowKey)
            {
                ["MessageId"] = entry.ProviderMessageId,
                ["InstanceId"] = entry.InstanceId,
                ["SendKey"] = entry.SendKey,
                ["UserId"] = entry.UserId,
                ["Channel"] = entry.Channel.ToString(),
                ["Address"] = entry.Address,
            },
            TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The send <paramref name="providerMessageId"/> belongs to, or null when it is not one of ours.</summary>
    public async Task<DeliveryIndexEntry?> FindAsync(string providerMessageId, CancellationToken cancellationToken)
    {
        var table = await account.TableAsync(Table, cancellationToken).ConfigureAwait(false);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(KeyOf(providerMessageId), RowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!row.HasValue || !Enum.TryParse<Channel>(row.Value!.GetString("Channel"), out var channel))
        {
            return null;
        }

        var entity = row.Value;
        return new DeliveryIndexEntry(
            entity.GetString("MessageId") ?? providerMessageId, entity.GetString("InstanceId"), entity.GetString("SendKey"), entity.GetString("UserId"), channel,
            entity.GetString("Address"));
    }

    // Email operation ids are GUIDs whose case the report need not keep; anything a table key cannot hold is escaped.
    private static string KeyOf(string messageId)
    {
        if (Guid.TryParse(messageId, out var guid))
        {
            return guid.ToString("D");
        }

        var key = new StringBuilder(messageId.Length);
        foreach (var c in messageId)
        {
            key.Append(c is '/' or '\\' or '#' or '?' or '%' || char.IsControl(c) ? $"%{(int)c:X2}" : c.ToString());
        }

        return key.ToString();
    }
}
