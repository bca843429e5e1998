using Azure.Data.Tables;
using Reactivation.Core.Profiles;

namespace Reactivation.Infra.Policy;

/// <summary>
/// The part of a profile a send needs, mirrored into the user's contact-state partition (RowKey <see cref="RowKey"/>) so the
/// contact policy reads it in the same query as consent, ledger and blocks.
/// </summary>
/// <remarks>
/// Storage contract, version 1: columns Phone, Email, TimeZone, Locale, Region, LastComplaintAt, LastLoginAt,
/// LastPurchaseAt; add columns, never rename. The profile writer rewrites the row only when a contact point, the locale,
/// region, time zone or the complaint time changes, so ingestion of logins and purchases costs no extra write. The login
/// and purchase times are therefore lower bounds (answers only move forward), which is all the policy needs unless fatigue
/// would stop the send; then it reads the profile itself.
/// </remarks>
public static class ProfileMirror
{
    /// <summary>The mirror's row key in the contact-state partition.</summary>
    public const string RowKey = "profile";

    /// <summary>True when <paramref name="next"/> differs from <paramref name="old"/> in anything the mirror holds for the policy's rules.</summary>
    /// <remarks>
    /// A new profile with neither contact points nor a complaint (one that events created) gets no mirror, so ingesting a
    /// new user's events costs no extra write; a send to such a user reads the profile itself.
    /// </remarks>
    public static bool Changed(UserProfile? old, UserProfile next) => old is null
        ? next.Contact != ContactPoints.None || next.LastComplaintAt is not null
        : old.Contact != next.Contact || old.LastComplaintAt != next.LastComplaintAt;

    /// <summary>The mirror row of <paramref name="profile"/>.</summary>
    public static TableEntity ToEntity(UserProfile profile) => new(profile.UserId, RowKey)
    {
        ["Phone"] = profile.Contact.Phone,
        ["Email"] = profile.Contact.Email,
        ["TimeZone"] = profile.Contact.TimeZone,
        ["Locale"] = profile.Contact.Locale,
        ["Region"] = profile.Contact.Region,
        ["LastComplaintAt"] = profile.LastComplaintAt,
        ["LastLoginAt"] = profile.LastLoginAt,
        ["LastPurchaseAt"] = profile.LastPurchaseAt,
    };

    /// <summary>The profile as far as the mirror row holds it.</summary>
    public static UserProfile FromEntity(TableEntity row) => new()
    {
        UserId = row.PartitionKey,
        Contact = new ContactPoints(row.GetString("Phone"), row.GetString("Email"), row.GetString("TimeZone"), row.GetString("Locale"), row.GetString("Region")),
        LastComplaintAt = row.GetDateTimeOffset("LastComplaintAt"),
        LastLoginAt = row.GetDateTimeOffset("LastLoginAt"),
        LastPurchaseAt = row.GetDateTimeOffset("LastPurchaseAt"),
    };
}
