using Reactivation.Core.Profiles;

namespace Reactivation.Functions.Api;

/// <summary>The JSON shape of a profile on the API (the purchase-id set and raw bitmaps are internal).</summary>
public sealed record ProfileView(
    string UserId,
    string? Phone,
    string? Email,
    string? TimeZone,
    string? Locale,
    string? Region,
    DateTimeOffset? RegisteredAt,
    DateTimeOffset? FirstSeenAt,
    DateTimeOffset? LastLoginAt,
    DateTimeOffset? LastPurchaseAt,
    DateTimeOffset? LastActivityAt,
    DateTimeOffset? LastInteractionAt,
    DateTimeOffset? LastSessionAt,
    DateTimeOffset? LastLoginFailureAt,
    DateTimeOffset? LastComplaintAt,
    DateTimeOffset? LastServiceContactAt,
    int PurchaseCount,
    decimal TotalSpend,
    int LoginDaysRemembered)
{
    /// <summary>Projects a profile for the API.</summary>
    public static ProfileView Of(UserProfile p) => new(
        p.UserId,
        p.Contact.Phone,
        p.Contact.Email,
        p.Contact.TimeZone,
        p.Contact.Locale,
        p.Contact.Region,
        p.RegisteredAt,
        p.FirstSeenAt,
        p.LastLoginAt,
        p.LastPurchaseAt,
        p.LastActivityAt,
        p.LastInteractionAt,
        p.LastSessionAt,
        p.LastLoginFailureAt,
        p.LastComplaintAt,
        p.LastServiceContactAt,
        p.PurchaseCount,
        p.TotalSpend,
        p.LoginDays.Total);
}
