using Azure;
using Azure.Data.Tables;
using Reactivation.Core.Journeys;
using Reactivation.Core.Policy;
using Reactivation.Infra.Storage;

namespace Reactivation.Infra.Policy;

/// <summary>
/// The current consent per user, channel and purpose: rows <c>consent~{channel}~{purpose}</c> in the user's
/// <see cref="ContactState"/> partition, read by the contact policy at every send in the same query as the rest of what a
/// send needs. The consent ledger writes through here.
/// </summary>
/// <remarks>A change older than the stored one is ignored, so replayed or reordered deliveries cannot undo a newer choice.</remarks>
public sealed class ConsentFlags(ContactState contacts)
{
    /// <summary>Records <paramref name="flag"/> for <paramref name="userId"/> unless a newer one is stored.</summary>
    /// <returns>True when the stored state changed.</returns>
    public async Task<bool> SetAsync(string userId, ConsentFlag flag, CancellationToken cancellationToken)
    {
        var table = await contacts.TableForAsync(userId, cancellationToken).ConfigureAwait(false);
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
        var table = await contacts.TableForAsync(userId, cancellationToken).ConfigureAwait(false);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(userId, RowKey(channel, purpose), cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue && Enum.TryParse<ConsentState>(row.Value!.GetString("State"), out var state)
            ? new ConsentFlag(channel, purpose, state, row.Value.GetString("Source") ?? "", row.Value.GetString("Evidence"), row.Value.GetDateTimeOffset("At") ?? DateTimeOffset.MinValue)
            : null;
    }

    /// <summary>Every flag recorded for <paramref name="userId"/>.</summary>
    public async Task<IReadOnlyList<ConsentFlag>> GetAsync(string userId, CancellationToken cancellationToken)
    {
        var table = await contacts.TableForAsync(userId, cancellationToken).ConfigureAwait(false);
        var flags = new List<ConsentFlag>();

        // Channel and purpose names are letters, all below '~': the range holds exactly the consent rows.
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {userId} and RowKey ge {ContactState.ConsentPrefix} and RowKey lt {ContactState.ConsentPrefix + "~"}");
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (Parse(row) is { } flag)
            {
                flags.Add(flag);
            }
        }

        return flags;
    }

    /// <summary>The flag a consent row holds, or null when the row is not one.</summary>
    internal static ConsentFlag? Parse(TableEntity row)
    {
        var parts = row.RowKey.Split('~');
        return parts.Length == 3 && Enum.TryParse<Channel>(parts[1], out var channel) && Enum.TryParse<TemplatePurpose>(parts[2], out var purpose)
            && Enum.TryParse<ConsentState>(row.GetString("State"), out var state)
            ? new ConsentFlag(channel, purpose, state, row.GetString("Source") ?? "", row.GetString("Evidence"), row.GetDateTimeOffset("At") ?? DateTimeOffset.MinValue)
            : null;
    }

    private static string RowKey(Channel channel, TemplatePurpose purpose) => $"{ContactState.ConsentPrefix}{channel}~{purpose}";
}
