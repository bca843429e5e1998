using Azure;
using Azure.Data.Tables;
using Reactivation.Core.Journeys;
using Reactivation.Infra.Policy;

namespace Reactivation.Infra.Messaging;

/// <summary>
/// Contact points a provider refused for good (an invalid number, a recipient who texted STOP, a hard bounce), kept as
/// rows <c>block~{channel}</c> in the user's <see cref="ContactState"/> partition so no journey tries them again and the
/// contact policy reads them with the rest of a send's state. Keyed by user and channel, with the address that failed: a
/// new address for the user is not blocked.
/// </summary>
public sealed class ContactBlocks(ContactState contacts, TimeProvider clock)
{
    /// <summary>Marks <paramref name="address"/> unusable on <paramref name="channel"/> for <paramref name="userId"/>.</summary>
    public async Task BlockAsync(string userId, Channel channel, string address, string reason, CancellationToken cancellationToken)
    {
        var table = await contacts.TableForAsync(userId, cancellationToken).ConfigureAwait(false);
        await table.UpsertEntityAsync(Row(userId, new ContactBlock(channel, address, reason), clock.GetUtcNow()), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Adds <paramref name="block"/> unless the user has a block on its channel (the migration: a stored one is newer).</summary>
    /// <returns>True when it was added.</returns>
    public async Task<bool> AddIfAbsentAsync(string userId, ContactBlock block, DateTimeOffset blockedAt, CancellationToken cancellationToken)
    {
        var table = await contacts.TableForAsync(userId, cancellationToken).ConfigureAwait(false);
        try
        {
            await table.AddEntityAsync(Row(userId, block, blockedAt), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    /// <summary>Why <paramref name="address"/> is blocked on <paramref name="channel"/>, or null when it is usable.</summary>
    public async Task<string?> ReasonAsync(string userId, Channel channel, string address, CancellationToken cancellationToken)
    {
        var table = await contacts.TableForAsync(userId, cancellationToken).ConfigureAwait(false);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(userId, ContactState.BlockPrefix + channel, cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue && Parse(row.Value!) is { } block ? ContactBlock.ReasonIn([block], channel, address) : null;
    }

    /// <summary>The block a row holds, or null when the row is not one.</summary>
    internal static ContactBlock? Parse(TableEntity row) =>
        row.RowKey.StartsWith(ContactState.BlockPrefix, StringComparison.Ordinal)
        && Enum.TryParse<Channel>(row.RowKey[ContactState.BlockPrefix.Length..], out var channel) && row.GetString("Address") is { } address
            ? new ContactBlock(channel, address, row.GetString("Reason") ?? "refused")
            : null;

    // Storage contract: columns Address, Reason, BlockedAt, as the old contactblocks table had them.
    private static TableEntity Row(string userId, ContactBlock block, DateTimeOffset blockedAt) =>
        new(userId, ContactState.BlockPrefix + block.Channel) { ["Address"] = block.Address, ["Reason"] = block.Reason, ["BlockedAt"] = blockedAt };
}
