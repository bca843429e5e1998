using Reactivation.Core.Profiles;

namespace Reactivation.Core.Users;

/// <summary>Applies a <see cref="UserUpdate"/> to a profile. Pure.</summary>
public static class ProfileUpdate
{
    /// <summary>Overwrites the fields the update carries and keeps the rest.</summary>
    public static UserProfile Apply(UserProfile profile, UserUpdate update)
    {
        var contact = profile.Contact;
        var registered = update.RegisteredAt ?? profile.RegisteredAt;
        return profile with
        {
            Contact = new ContactPoints(
                update.Phone ?? contact.Phone,
                update.Email ?? contact.Email,
                update.TimeZone ?? contact.TimeZone,
                update.Locale ?? contact.Locale,
                update.Region ?? contact.Region),
            RegisteredAt = registered,
            FirstSeenAt = registered is { } r && (profile.FirstSeenAt is null || r < profile.FirstSeenAt) ? r : profile.FirstSeenAt,
        };
    }
}
