using Azure;
using Azure.Data.Tables;
using Reactivation.Core.Journeys;
using Reactivation.Core.Policy;
using Reactivation.Infra.Storage;

namespace Reactivation.Infra.Policy;

/// <summary>
/// The current consent per user, channel and purpose (table <c>consent</c>, one partition per user, one row per channel
/// and purpose), read by the contact policy at every send. The append-only consent ledger of the consent issue writes
/// through here; until then inbound SMS keywords and tests do.
/// </summary>
/// <remarks>A change older than the stored one is ignored, so replayed or reordered deliveries cannot undo a newer choice.</remarks>
public sealed class ConsentFlags(StorageAccount account)
{
    private const string Table = "consent";

    /// <summary>Records <paramref name="flag"/> for <paramref name="userId"/> unless a newer one is stored.</summary>
    /// <returns>True when the stored state changed.</returns>
    public async Task<bool> SetAsync(string userId, ConsentFlag flag, CancellationToken cancellationToken)
    {
        var table = await account.TableAsync(Table, cancellationToken).ConfigureAwait(false);
        var rowKey = RowKey(flag.Channel, flag.Purpose);
        for (var attempt = 1; ; attempt++)
        {
            var existing = await table.GetEntityIfExistsAsync<TableEntity>(userId, rowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (existing.HasValue && existing.Value!.GetDateTimeOffset("At") is { } storedAt && storedAt > flag.At)
            {
                return false;
            }

            if (existing.HasValue && existing.Value!.GetString("State") == flag.State.ToString() && existing.Value.GetDateTimeOffset("At") == flag.At)
            {
                return false;
            }

            var entity = new TableEntity(userId, rowKey)
            {
                ["State"] = flag.State.ToString(),
                ["Source"] = flag.Source,
                ["Evidence"] = flag.Evidence,
                ["At"] = flag.At,
            };
            try
            {
                if (existing.HasValue)
                {
                    await table.UpdateEntityAsync(entity, existing.Value!.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
                }

                return true;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412 && attempt < 10)
            {
                await Backoff.DelayAsync(attempt, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The flag for one channel and purpose, or null when none is recorded (a point read: the check before every send).</summary>
    public async Task<ConsentFlag?> GetAsync(string userId, Channel channel, TemplatePurpose purpose, CancellationToken cancellationToken)
    {
        var table = await account.TableAsync(Table, cancellationToken).ConfigureAwait(false);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(userId, RowKey(channel, purpose), cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue && Enum.TryParse<ConsentState>(row.Value!.GetString("State"), out var state)
            ? new ConsentFlag(channel, purpose, state, row.Value.GetString("Source") ?? "", row.Value.GetString("Evidence"), row.Value.GetDateTimeOffset("At") ?? DateTimeOffset.MinValue)
            : null;
    }

    /// <summary>Every flag recorded for <paramref name="userId"/>.</summary>
    public async Task<IReadOnlyList<ConsentFlag>> GetAsync(string userId, CancellationToken cancellationToken)
    {
        var table = await account.TableAsync(Table, cancellationToken).ConfigureAwait(false);
        var flags = new List<ConsentFlag>();
        await foreach (var row in table.QueryAsync<TableEntity>(e => e.PartitionKey == userId, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var parts = row.RowKey.Split('~');
            if (parts.Length == 2 && Enum.TryParse<Channel>(parts[0], out var channel) && Enum.TryParse<TemplatePurpose>(parts[1], out var purpose)
                && Enum.TryParse<ConsentState>(row.GetString("State"), out var state))
            {
                flags.Add(new ConsentFlag(channel, purpose, state, row.GetString("Source") ?? "", row.GetString("Evidence"), row.GetDateTimeOffset("At") ?? DateTimeOffset.MinValue));
            }
        }

        return flags;
    }

    private static string RowKey(Channel channel, TemplatePurpose purpose) => $"{channel}~{purpose}";
}
