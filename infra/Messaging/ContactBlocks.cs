using Azure;
using Azure.Data.Tables;
using Reactivation.Core.Journeys;
using Reactivation.Infra.Storage;

namespace Reactivation.Infra.Messaging;

/// <summary>
/// Contact points a provider refused for good (an invalid number, a recipient who texted STOP, a hard bounce), kept in the
/// <c>contactblocks</c> table so no journey tries them again. Keyed by user and channel, with the address that failed: a
/// new address for the user is not blocked.
/// </summary>
public sealed class ContactBlocks(StorageAccount account, TimeProvider clock)
{
    private const string Table = "contactblocks";

    /// <summary>Marks <paramref name="address"/> unusable on <paramref name="channel"/> for <paramref name="userId"/>.</summary>
    public async Task BlockAsync(string userId, Channel channel, string address, string reason, CancellationToken cancellationToken)
    {
        var table = await account.TableAsync(Table, cancellationToken).ConfigureAwait(false);
        await table.UpsertEntityAsync(
            new TableEntity(userId, channel.ToString()) { ["Address"] = address, ["Reason"] = reason, ["BlockedAt"] = clock.GetUtcNow() },
            TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Why <paramref name="address"/> is blocked on <paramref name="channel"/>, or null when it is usable.</summary>
    public async Task<string?> ReasonAsync(string userId, Channel channel, string address, CancellationToken cancellationToken)
    {
        var table = await account.TableAsync(Table, cancellationToken).ConfigureAwait(false);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(userId, channel.ToString(), cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue && row.Value!.GetString("Address") == address ? row.Value.GetString("Reason") : null;
    }
}
