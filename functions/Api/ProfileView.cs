using Reactivation.Core.Profiles;

namespace Reactivation.Functions.Api;

/// <summary>The JSON shape of a profile on the API (the purchase-id set and raw bitmaps are internal).</summary>
public static class ProfileView
{
    /// <summary>Projects a profile for the API.</summary>
    public static object Of(UserProfile p) => new
    {
        userId = p.UserId,
        phone = p.Contact.Phone,
        email = p.Contact.Email,
        timeZone = p.Contact.TimeZone,
        locale = p.Contact.Locale,
        region = p.Contact.Region,
        registeredAt = p.RegisteredAt,
        firstSeenAt = p.FirstSeenAt,
        lastLoginAt = p.LastLoginAt,
        lastPurchaseAt = p.LastPurchaseAt,
        lastActivityAt = p.LastActivityAt,
        lastInteractionAt = p.LastInteractionAt,
        lastSessionAt = p.LastSessionAt,
        lastLoginFailureAt = p.LastLoginFailureAt,
        lastComplaintAt = p.LastComplaintAt,
        lastServiceContactAt = p.LastServiceContactAt,
        purchaseCount = p.PurchaseCount,
        totalSpend = p.TotalSpend,
        loginDaysRemembered = p.LoginDays.Total,
    };
}
