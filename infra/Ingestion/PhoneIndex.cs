using Azure;
using Azure.Data.Tables;
using Reactivation.Infra.Storage;

namespace Reactivation.Infra.Ingestion;

/// <summary>
/// Who has which phone number (table <c>phoneusers</c>, PartitionKey = the E.164 number, RowKey = user id), so an inbound
/// SMS can be matched to its users. Written by <see cref="ProfileWriter"/> whenever a profile's phone is set or changed.
/// </summary>
/// <remarks>
/// The index is a hint, not the truth: the row for a new number is written before the profile and the old number's row
/// removed after it, so a crash in between leaves an extra row, never a missing one. Readers check each candidate's
/// profile (<see cref="UserDirectory.FindByPhoneAsync"/> does). Several users may share a number (a family phone): all of them are listed.
/// </remarks>
public sealed class PhoneIndex(StorageAccount account)
{
    private const string Table = "phoneusers";

    /// <summary>Records that <paramref name="userId"/> has <paramref name="phone"/>.</summary>
    public async Task AddAsync(string phone, string userId, CancellationToken cancellationToken)
    {
        var table = await account.TableAsync(Table, cancellationToken).ConfigureAwait(false);
        await table.UpsertEntityAsync(new TableEntity(phone, userId), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Forgets that <paramref name="userId"/> has <paramref name="phone"/>.</summary>
    public async Task RemoveAsync(string phone, string userId, CancellationToken cancellationToken)
    {
        var table = await account.TableAsync(Table, cancellationToken).ConfigureAwait(false);
        try
        {
            await table.DeleteEntityAsync(phone, userId, ETag.All, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Already gone: a retried change removed it before.
        }
    }

    /// <summary>The users the index lists for <paramref name="phone"/>; confirm each against its profile (<see cref="UserDirectory.FindByPhoneAsync"/> does).</summary>
    public async Task<IReadOnlyList<string>> CandidatesAsync(string phone, CancellationToken cancellationToken)
    {
        var table = await account.TableAsync(Table, cancellationToken).ConfigureAwait(false);
        var users = new List<string>();
        await foreach (var row in table.QueryAsync<TableEntity>(e => e.PartitionKey == phone, select: ["RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            users.Add(row.RowKey);
        }

        return users;
    }
}
