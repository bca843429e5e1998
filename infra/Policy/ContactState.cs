using Azure;
using Azure.Data.Tables;
using Reactivation.Core.Policy;
using Reactivation.Core.Profiles;
using Reactivation.Core.Sharding;
using Reactivation.Infra.Storage;

namespace Reactivation.Infra.Policy;

/// <summary>
/// The per-user contact state: in the user's shard's <c>contacts{shard}</c> table, one partition per user holding the
/// consent rows (<c>consent~{channel}~{purpose}</c>), the contact ledger (<c>ledger</c>: touches and last answer), the
/// contact blocks (<c>block~{channel}</c>) and the profile mirror (<c>profile</c>).
/// </summary>
/// <remarks>
/// One partition, so a send reads everything it needs with one partition query and records its touch with one write
/// conditioned on the ledger row's ETag from that same read: two sends for one user cannot both pass a cap, whichever
/// journeys they come from. Per shard, like the other per-user tables, because the emulator scans a whole table to answer
/// a query. <see cref="ConsentFlags"/>, <see cref="ContactLedger"/> and the contact blocks are the writers of the rows.
/// </remarks>
public sealed class ContactState(StorageAccount account)
{
    /// <summary>The row key prefix of consent rows.</summary>
    public const string ConsentPrefix = "consent~";

    /// <summary>The row key prefix of contact-block rows.</summary>
    public const string BlockPrefix = "block~";

    /// <summary>The row key of the contact ledger.</summary>
    public const string LedgerRowKey = "ledger";

    /// <summary>The contact-state table holding <paramref name="userId"/>'s partition.</summary>
    public Task<TableClient> TableForAsync(string userId, CancellationToken cancellationToken) =>
        account.ContactsAsync(ShardMap.ShardOf(userId, account.Options.ShardCount), cancellationToken);

    /// <summary>Everything a send needs about <paramref name="userId"/>, in one partition query.</summary>
    public async Task<ContactSnapshot> ReadAsync(string userId, CancellationToken cancellationToken)
    {
        var table = await TableForAsync(userId, cancellationToken).ConfigureAwait(false);
        var consent = new List<ConsentFlag>();
        var blocks = new List<ContactBlock>();
        var ledger = LedgerState.Empty;
        UserProfile? profile = null;
        await foreach (var row in table.QueryAsync<TableEntity>(e => e.PartitionKey == userId, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            switch (row.RowKey)
            {
                case LedgerRowKey:
                    ledger = ContactLedger.Parse(row);
                    break;
                case ProfileMirror.RowKey:
                    profile = ProfileMirror.FromEntity(row);
                    break;
                case var key when key.StartsWith(ConsentPrefix, StringComparison.Ordinal) && ConsentFlags.Parse(row) is { } flag:
                    consent.Add(flag);
                    break;
                case var key when key.StartsWith(BlockPrefix, StringComparison.Ordinal) && Messaging.ContactBlocks.Parse(row) is { } block:
                    blocks.Add(block);
                    break;
            }
        }

        return new ContactSnapshot(consent, ledger, blocks, profile);
    }

    /// <summary>Writes the mirror of <paramref name="profile"/> (the profile writer calls it when a mirrored field changed).</summary>
    public async Task MirrorAsync(UserProfile profile, CancellationToken cancellationToken)
    {
        var table = await TableForAsync(profile.UserId, cancellationToken).ConfigureAwait(false);
        await table.UpsertEntityAsync(ProfileMirror.ToEntity(profile), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Adds the mirror of <paramref name="profile"/> unless one exists (the migration: an existing mirror is the writer's and newer).</summary>
    /// <returns>True when the mirror was added.</returns>
    public async Task<bool> AddMirrorAsync(UserProfile profile, CancellationToken cancellationToken)
    {
        var table = await TableForAsync(profile.UserId, cancellationToken).ConfigureAwait(false);
        try
        {
            await table.AddEntityAsync(ProfileMirror.ToEntity(profile), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }
}
