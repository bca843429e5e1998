using Reactivation.Core.Profiles;
using Reactivation.Core.Users;

namespace Reactivation.Infra.Ingestion;

/// <summary>Creates and updates users' contact points and reads profiles.</summary>
public sealed class UserDirectory(ProfileWriter profiles, PhoneIndex phones)
{
    /// <summary>Applies validated updates; absent fields are kept.</summary>
    public Task<ProfileWriteReport> UpsertAsync(IReadOnlyList<UserUpdate> updates, CancellationToken cancellationToken = default) =>
        profiles.ApplyAsync(
            updates.ToDictionary(u => u.UserId, u => (Func<UserProfile, UserProfile>)(p => ProfileUpdate.Apply(p, u)), StringComparer.Ordinal),
            cancellationToken);

    /// <summary>Reads one profile, or null when the user is unknown.</summary>
    public Task<UserProfile?> GetAsync(string userId, CancellationToken cancellationToken = default) =>
        profiles.GetAsync(userId, cancellationToken);

    /// <summary>The users whose profile has <paramref name="phone"/> (E.164) now.</summary>
    public async Task<IReadOnlyList<string>> FindByPhoneAsync(string phone, CancellationToken cancellationToken = default)
    {
        var users = new List<string>();
        foreach (var candidate in await phones.CandidatesAsync(phone, cancellationToken).ConfigureAwait(false))
        {
            // The index may still list a number the user changed away from; the profile decides.
            if ((await profiles.GetAsync(candidate, cancellationToken).ConfigureAwait(false))?.Contact.Phone == phone)
            {
                users.Add(candidate);
            }
        }

        return users;
    }
}
