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
            var write = await ApplyAsync(change.Key, Task.FromResult(change.Value), membership: null, ct).ConfigureAwait(false);
            if (write.Created)
            {
                Interlocked.Increment(ref created);
            }
            else if (write.Changed)
            {
                Interlocked.Increment(ref updated);
            }
        }).ConfigureAwait(false);
        return new ProfileWriteReport(created, updated);
    }

    /// <summary>
    /// Applies one change to <paramref name="userId"/>'s profile. The profile is read while <paramref name="change"/> is
    /// still being worked out (ingestion stores the events meanwhile), and written only after it is known.
    /// </summary>
    /// <param name="userId">The user.</param>
    /// <param name="change">The change, once known; a fault in it writes nothing.</param>
    /// <param name="membership">
    /// Asks whether the user has a journey membership, when the profile cannot say (no row, or a row stored before the
    /// marker existed); the answer becomes the profile's <see cref="UserProfile.EverEnrolled"/>. Asked after the read
    /// and before the write conditioned on it, which is what makes a false answer safe to store. Null: leave the marker.
    /// </param>
    /// <param name="cancellationToken">Cancels the work.</param>
    public async Task<ProfileWrite> ApplyAsync(
        string userId, Task<Func<UserProfile, UserProfile>> change, Func<string, CancellationToken, Task<bool>>? membership, CancellationToken cancellationToken)
    {
        var table = await account.ProfilesAsync(ShardMap.ShardOf(userId, account.Options.ShardCount), cancellationToken).ConfigureAwait(false);
        var reading = table.GetEntityIfExistsAsync<TableEntity>(userId, ProfileEntity.RowKey, cancellationToken: cancellationToken);
        await Task.WhenAll(reading, change).ConfigureAwait(false);
        var apply = await change.ConfigureAwait(false);
        var row = await reading.ConfigureAwait(false);
        for (var attempt = 1; ; attempt++)
        {
            if (attempt > 1)
            {
                row = await table.GetEntityIfExistsAsync<TableEntity>(userId, ProfileEntity.RowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
            }

            var existing = row.HasValue ? row.Value : null;
            var old = existing is null ? null : ProfileEntity.FromEntity(existing);
            var next = apply(old ?? UserProfile.New(userId));
            if (next.FirstSeenAt is null)
            {
                next = next with { FirstSeenAt = clock.GetUtcNow() };
            }

            // No row at all: never enrolled, without asking. Enrollment writes the marker (creating the row) before it
            // claims a membership, so a claim that lands after this read makes the insert below fail and the retry
            // reads the marker; members claimed before the marker existed are marked by `migrate`.
            if (membership is not null && next.EverEnrolled is null)
            {
                next = next with { EverEnrolled = existing is not null && await membership(userId, cancellationToken).ConfigureAwait(false) };
            }

            if (old is not null && old.SameAs(next))
            {
                return new ProfileWrite(false, false, old.EverEnrolled);
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

            // A row holding only the enrollment marker (a journey started by hand) is a user seen for the first time too.
            return new ProfileWrite(old?.FirstSeenAt is null, true, next.EverEnrolled);
        }
    }

    /// <summary>
    /// Marks <paramref name="userId"/>'s profile as enrolled (<see cref="UserProfile.EverEnrolled"/>); enrollment calls it
    /// before it claims the membership, so the marker is never missing for a member (a crash in between leaves a marker
    /// without a membership, which costs ingestion one membership read per batch, never a missed member).
    /// </summary>
    /// <remarks>
    /// One merge of the one property, not a read and a conditional write: it changes the row's ETag, so an ingestion that
    /// read the row before it and would write false fails its conditional write and reads again. A user with no profile
    /// yet (a journey started by hand) gets a row holding only the marker, which every reader takes as nothing known.
    /// </remarks>
    public async Task MarkEnrolledAsync(string userId, CancellationToken cancellationToken = default)
    {
        var table = await account.ProfilesAsync(ShardMap.ShardOf(userId, account.Options.ShardCount), cancellationToken).ConfigureAwait(false);
        await table.UpsertEntityAsync(new TableEntity(userId, ProfileEntity.RowKey) { [ProfileEntity.EverEnrolled] = true }, TableUpdateMode.Merge, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>Marks <paramref name="userId"/> enrolled unless the profile already says so (<c>migrate</c>, for members claimed before the marker existed).</summary>
    /// <returns>Whether it wrote the marker.</returns>
    public async Task<bool> MarkEnrolledIfUnmarkedAsync(string userId, CancellationToken cancellationToken = default)
    {
        var table = await account.ProfilesAsync(ShardMap.ShardOf(userId, account.Options.ShardCount), cancellationToken).ConfigureAwait(false);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(userId, ProfileEntity.RowKey, [ProfileEntity.EverEnrolled], cancellationToken).ConfigureAwait(false);
        if (row.HasValue && row.Value!.GetBoolean(ProfileEntity.EverEnrolled) == true)
        {
            return false;
        }

        await MarkEnrolledAsync(userId, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Reads one profile, or null when there is none: no row, or a row holding only the enrollment marker.</summary>
    public async Task<UserProfile?> GetAsync(string userId, CancellationToken cancellationToken = default)
    {
        var table = await account.ProfilesAsync(ShardMap.ShardOf(userId, account.Options.ShardCount), cancellationToken).ConfigureAwait(false);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(userId, ProfileEntity.RowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue && !ProfileEntity.IsMarkerOnly(row.Value!) ? ProfileEntity.FromEntity(row.Value!) : null;
    }
}
