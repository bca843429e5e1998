using Azure;
using Azure.Data.Tables;
using Reactivation.Core.Profiles;
using Reactivation.Core.Sharding;
using Reactivation.Infra.Policy;
using Reactivation.Infra.Storage;

namespace Reactivation.Infra.Ingestion;

/// <summary>Applies changes to profiles: read, apply the (idempotent) change, write back conditioned on the ETag read.</summary>
/// <remarks>
/// A conflict (412, or 409 when two writers create the same profile) reloads the profile and applies the change again,
/// so concurrent writers never lose each other's updates. Profiles that the change leaves as they were are not written.
/// A change of phone number also updates the <see cref="PhoneIndex"/>: the new number's row before the profile, the old
/// number's removal after it, so the index never misses a number a profile has. A change to what the send path reads
/// from the profile (<see cref="ProfileMirror"/>) rewrites the mirror in the user's contact state before the profile, so
/// the mirror is never behind a stored profile; a writer that then loses its race folds again and rewrites it.
/// </remarks>
public sealed class ProfileWriter(StorageAccount account, PhoneIndex phones, ContactState contacts, TimeProvider clock)
{
    private const int MaxAttempts = 20;

    /// <summary>Applies <paramref name="changes"/> (user id to change) to each user's profile.</summary>
    /// <returns>How many profiles were created and how many changed.</returns>
    public async Task<ProfileWriteReport> ApplyAsync(
        IReadOnlyDictionary<string, Func<UserProfile, UserProfile>> changes, CancellationToken cancellationToken = default)
    {
        var created = 0;
        var updated = 0;
        var options = new ParallelOptions { MaxDegreeOfParallelism = account.Options.Parallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(changes, options, async (change, ct) =>
        {
            switch (await ApplyOneAsync(change.Key, change.Value, ct).ConfigureAwait(false))
            {
                case WriteOutcome.Created:
                    Interlocked.Increment(ref created);
                    break;
                case WriteOutcome.Updated:
                    Interlocked.Increment(ref updated);
                    break;
            }
        }).ConfigureAwait(false);
        return new ProfileWriteReport(created, updated);
    }

    /// <summary>Reads one profile, or null.</summary>
    public async Task<UserProfile?> GetAsync(string userId, CancellationToken cancellationToken = default)
    {
        var table = await account.ProfilesAsync(ShardMap.ShardOf(userId, account.Options.ShardCount), cancellationToken).ConfigureAwait(false);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(userId, ProfileEntity.RowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? ProfileEntity.FromEntity(row.Value!) : null;
    }

    private async Task<WriteOutcome> ApplyOneAsync(string userId, Func<UserProfile, UserProfile> change, CancellationToken cancellationToken)
    {
        var table = await account.ProfilesAsync(ShardMap.ShardOf(userId, account.Options.ShardCount), cancellationToken).ConfigureAwait(false);
        for (var attempt = 1; ; attempt++)
        {
            var row = await table.GetEntityIfExistsAsync<TableEntity>(userId, ProfileEntity.RowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
            var existing = row.HasValue ? row.Value : null;
            var old = existing is null ? null : ProfileEntity.FromEntity(existing);
            var next = change(old ?? UserProfile.New(userId));
            if (next.FirstSeenAt is null)
            {
                next = next with { FirstSeenAt = clock.GetUtcNow() };
            }

            if (old is not null && old.SameAs(next))
            {
                return WriteOutcome.Unchanged;
            }

            var oldPhone = old?.Contact.Phone;
            var newPhone = next.Contact.Phone;
            if (newPhone is not null && newPhone != oldPhone)
            {
                await phones.AddAsync(newPhone, userId, cancellationToken).ConfigureAwait(false);
            }

            if (ProfileMirror.Changed(old, next))
            {
                await contacts.MirrorAsync(next, cancellationToken).ConfigureAwait(false);
            }

            try
            {
                if (existing is null)
                {
                    await table.AddEntityAsync(ProfileEntity.ToEntity(next), cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await table.UpdateEntityAsync(ProfileEntity.ToEntity(next), existing.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412 && attempt < MaxAttempts)
            {
                await Backoff.DelayAsync(attempt, cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (oldPhone is not null && oldPhone != newPhone)
            {
                await phones.RemoveAsync(oldPhone, userId, cancellationToken).ConfigureAwait(false);
            }

            return existing is null ? WriteOutcome.Created : WriteOutcome.Updated;
        }
    }

    private enum WriteOutcome
    {
        Unchanged,
        Created,
        Updated,
    }
}
