using System.Globalization;
using System.Security.Cryptography;
using Azure;
using Azure.Data.Tables;
using Reactivation.Core.Links;
using Reactivation.Infra.Storage;

namespace Reactivation.Infra.Links;

/// <summary>
/// The deployment's link keys (table <c>linkkeys</c>, one partition, one row per key id): the key <c>d1</c> as it was
/// first derived, keys made by <c>links keys new</c>, and the signing period of every key a host has signed with.
/// </summary>
/// <remarks>
/// <c>d1</c> used to be derived at every start from the coupon secret, itself derived from the storage account key, so
/// rotating that key (or configuring <c>Links:Keys</c>) broke every link already sent. It is now derived once, stored if
/// absent, and read back from then on: the first derivation is today's, so links minted before this store existed keep
/// verifying. The table sits beside the data the links act on, under the same access.
/// </remarks>
public sealed class LinkKeyStore(StorageAccount account)
{
    private const string Table = "linkkeys";
    private const string Partition = "keys";
    private const string GeneratedPrefix = "k";

    /// <summary>Stores <paramref name="derivedKey"/> as <c>d1</c> unless a <c>d1</c> is stored already, then reads every key.</summary>
    /// <param name="derivedKey">The key derived from this deployment's secret.</param>
    /// <param name="now">When, should the key be stored now.</param>
    /// <param name="cancellationToken">Cancels the reads and writes.</param>
    public async Task<IReadOnlyList<LinkKeyRecord>> EnsureDerivedAsync(byte[] derivedKey, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Recorded as signing from now: before this store existed d1 signed every link, and only a host signing with another
        // key (RecordSigningAsync) ends that, so its links are counted live until the longest lifetime after that moment.
        await TryAddAsync(new LinkKeyRecord(SignedLinkOptions.DerivedKeyId, derivedKey, "derived from the coupon secret", now, now, null, null), cancellationToken).ConfigureAwait(false);
        return await ListAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The keyring of this deployment: <paramref name="options"/>' keys over the stored ones, <c>d1</c> stored on first use.</summary>
    public async Task<LinkKeyring> KeyringAsync(SignedLinkOptions options, byte[] deploymentSecret, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var stored = await EnsureDerivedAsync(SignedLinkOptions.DeriveKey(deploymentSecret), now, cancellationToken).ConfigureAwait(false);
        return options.Keyring(deploymentSecret, stored);
    }

    /// <summary>Every recorded key, by id.</summary>
    public async Task<IReadOnlyList<LinkKeyRecord>> ListAsync(CancellationToken cancellationToken)
    {
        var table = await account.TableAsync(Table, cancellationToken).ConfigureAwait(false);
        var keys = new List<LinkKeyRecord>();
        await foreach (var row in table.QueryAsync<TableEntity>(r => r.PartitionKey == Partition, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            keys.Add(FromRow(row));
        }

        return keys.OrderBy(k => k.Id, StringComparer.Ordinal).ToList();
    }

    /// <summary>Makes a key of 32 random bytes under the next free id (<c>k1</c>, <c>k2</c>...) and stores it.</summary>
    public async Task<LinkKeyRecord> CreateAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var next = (await ListAsync(cancellationToken).ConfigureAwait(false))
            .Select(k => k.Id.StartsWith(GeneratedPrefix, StringComparison.Ordinal) && int.TryParse(k.Id.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0)
            .DefaultIfEmpty(0).Max() + 1;

        // Two operators making keys at once both aim at the same id; the loser takes the next one.
        while (true)
        {
            var key = new LinkKeyRecord($"{GeneratedPrefix}{next}", RandomNumberGenerator.GetBytes(LinkKeyring.MinimumKeyBytes), "made by links keys new", now, null, null, null);
            if (await TryAddAsync(key, cancellationToken).ConfigureAwait(false))
            {
                return key;
            }

            next++;
        }
    }

    /// <summary>
    /// Records that hosts now sign with <paramref name="currentKeyId"/>: it gets its start if it has none (a row without key
    /// bytes when the key lives in configuration), and every other key still marked as signing is superseded now.
    /// </summary>
    public async Task RecordSigningAsync(string currentKeyId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var table = await account.TableAsync(Table, cancellationToken).ConfigureAwait(false);
        var keys = await ListAsync(cancellationToken).ConfigureAwait(false);
        if (keys.FirstOrDefault(k => k.Id == currentKeyId) is not { } current)
        {
            await TryAddAsync(new LinkKeyRecord(currentKeyId, null, "configured in Links:Keys", now, now, null, null), cancellationToken).ConfigureAwait(false);
        }
        else if (!current.Signing)
        {
            // A key made current again signs again: its period runs from its first start to its next supersession.
            await table.UpsertEntityAsync(Row(current with { CurrentSince = current.CurrentSince ?? now, SupersededAt = null }), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        }

        foreach (var other in keys.Where(k => k.Id != currentKeyId && k.Signing))
        {
            await table.UpsertEntityAsync(Row(other with { SupersededAt = now }), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Retires <paramref name="keyId"/>: hosts started after this no longer verify what it signed.</summary>
    /// <returns>False when no such key is recorded.</returns>
    public async Task<bool> RetireAsync(string keyId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var table = await account.TableAsync(Table, cancellationToken).ConfigureAwait(false);
        try
        {
            await table.UpdateEntityAsync(new TableEntity(Partition, keyId) { ["RetiredAt"] = now }, ETag.All, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return false;
        }
    }

    private async Task<bool> TryAddAsync(LinkKeyRecord key, CancellationToken cancellationToken)
    {
        var table = await account.TableAsync(Table, cancellationToken).ConfigureAwait(false);
        try
        {
            await table.AddEntityAsync(Row(key), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    private static TableEntity Row(LinkKeyRecord key) => new(Partition, key.Id)
    {
        ["Key"] = key.Key is null ? null : Convert.ToBase64String(key.Key),
        ["Origin"] = key.Origin,
        ["CreatedAt"] = key.CreatedAt,
        ["CurrentSince"] = key.CurrentSince,
        ["SupersededAt"] = key.SupersededAt,
        ["RetiredAt"] = key.RetiredAt,
    };

    private static LinkKeyRecord FromRow(TableEntity row) => new(
        row.RowKey,
        row.GetString("Key") is { Length: > 0 } key ? Convert.FromBase64String(key) : null,
        row.GetString("Origin") ?? "",
        row.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue,
        row.GetDateTimeOffset("CurrentSince"),
        row.GetDateTimeOffset("SupersededAt"),
        row.GetDateTimeOffset("RetiredAt"));
}
