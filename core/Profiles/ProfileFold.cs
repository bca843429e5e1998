using Reactivation.Core.Activity;

namespace Reactivation.Core.Profiles;

/// <summary>Folds activity into a <see cref="UserProfile"/>. Pure and idempotent.</summary>
public static class ProfileFold
{
    /// <summary>Applies every event in order; the result does not depend on the order or on repeats.</summary>
    public static UserProfile ApplyAll(UserProfile profile, IEnumerable<ActivityEvent> events)
    {
        foreach (var activity in events)
        {
            profile = Apply(profile, activity);
        }

        return profile;
    }

    /// <summary>Applies one event.</summary>
    public static UserProfile Apply(UserProfile profile, ActivityEvent activity)
    {
        var at = activity.OccurredAt;
        var day = DayBitmap.DayOf(at);
        var next = profile with { FirstSeenAt = Min(profile.FirstSeenAt, at) };
        return activity.Type switch
        {
            ActivityType.Login => next with
            {
                LastLoginAt = Max(next.LastLoginAt, at),
                LastActivityAt = Max(next.LastActivityAt, at),
                LoginDays = next.LoginDays.With(day),
            },
            ActivityType.Session => next with
            {
                LastSessionAt = Max(next.LastSessionAt, at),
                LastActivityAt = Max(next.LastActivityAt, at),
            },
            ActivityType.Interaction => next with
            {
                LastInteractionAt = Max(next.LastInteractionAt, at),
                LastActivityAt = Max(next.LastActivityAt, at),
            },
            ActivityType.Purchase => ApplyPurchase(next, activity),
            ActivityType.LoginFailed or ActivityType.PasswordReset => next with
            {
                LastLoginFailureAt = Max(next.LastLoginFailureAt, at),
            },
            ActivityType.Complaint => next with
            {
                LastComplaintAt = Max(next.LastComplaintAt, at),
                ComplaintDays = next.ComplaintDays.With(day),
            },
            ActivityType.ServiceContact => next with { LastServiceContactAt = Max(next.LastServiceContactAt, at) },
            _ => next,
        };
    }

    private static UserProfile ApplyPurchase(UserProfile profile, ActivityEvent purchase)
    {
        var withTimes = profile with
        {
            LastPurchaseAt = Max(profile.LastPurchaseAt, purchase.OccurredAt),
            LastActivityAt = Max(profile.LastActivityAt, purchase.OccurredAt),
        };
        var hash = EventIdHash.Of(purchase.EventId);
        var index = withTimes.PurchaseIds.AsSpan().BinarySearch(hash);
        if (index >= 0)
        {
            return withTimes;
        }

        return withTimes with
        {
            PurchaseIds = withTimes.PurchaseIds.Insert(~index, hash),
            PurchaseCount = withTimes.PurchaseCount + 1,
            TotalSpend = withTimes.TotalSpend + (purchase.Amount ?? 0m),
        };
    }

    private static DateTimeOffset? Max(DateTimeOffset? current, DateTimeOffset candidate) =>
        current is { } c && c >= candidate ? c : candidate;

    private static DateTimeOffset? Min(DateTimeOffset? current, DateTimeOffset candidate) =>
        current is { } c && c <= candidate ? c : candidate;
}
