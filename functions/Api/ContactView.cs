using Reactivation.Core.Policy;
using Reactivation.Infra.Policy;

namespace Reactivation.Functions.Api;

/// <summary>What the API and CLI show about a user's contact state (<c>GET /api/users/{userId}/notsent</c>): consent, recent touches, and every message not sent with its reason.</summary>
public sealed record ContactView(
    string UserId,
    IReadOnlyList<ContactView.NotSentItem> NotSent,
    IReadOnlyList<ContactView.ConsentItem> Consent,
    IReadOnlyList<ContactView.TouchItem> RecentTouches,
    DateTimeOffset? LastAnsweredAt)
{
    /// <summary>The view of one user's entries.</summary>
    public static ContactView Of(string userId, IReadOnlyList<NotSentEntry> notSent, IReadOnlyList<ConsentFlag> consent, IReadOnlyList<ContactTouch> touches, DateTimeOffset? engagedAt) => new(
        userId,
        notSent.Select(e => new NotSentItem(e.At, e.InstanceId, e.JourneyId, e.Step, e.Kind, e.Code, e.Reason)).ToList(),
        consent.Select(f => new ConsentItem(Lower(f.Channel), Lower(f.Purpose), Lower(f.State), f.Source, f.Evidence, f.At)).ToList(),
        touches.OrderByDescending(t => t.At).Select(t => new TouchItem(t.At, Lower(t.Channel), t.SendKey)).ToList(),
        engagedAt);

    /// <summary>The name of <paramref name="value"/> as the API writes it (camel case).</summary>
    public static string Lower<T>(T value)
        where T : struct, Enum
    {
        var text = value.ToString();
        return char.ToLowerInvariant(text[0]) + text[1..];
    }

    /// <summary>A message not sent.</summary>
    /// <param name="At">When it was held back.</param>
    /// <param name="InstanceId">The journey instance.</param>
    /// <param name="JourneyId">The journey.</param>
    /// <param name="Step">The step.</param>
    /// <param name="Kind">Skipped, deferred or failed.</param>
    /// <param name="Code">The reason's code.</param>
    /// <param name="Reason">The reason in words.</param>
    public sealed record NotSentItem(DateTimeOffset At, string InstanceId, string JourneyId, string? Step, string Kind, string? Code, string? Reason);

    /// <summary>A consent flag as it stands.</summary>
    /// <param name="Channel">sms or email.</param>
    /// <param name="Purpose">marketing or service.</param>
    /// <param name="State">optedIn or optedOut.</param>
    /// <param name="Source">Where the change came from.</param>
    /// <param name="Evidence">What proves it.</param>
    /// <param name="At">When the user chose.</param>
    public sealed record ConsentItem(string Channel, string Purpose, string State, string Source, string? Evidence, DateTimeOffset At);

    /// <summary>A message that reached the user.</summary>
    /// <param name="At">When.</param>
    /// <param name="Channel">sms or email.</param>
    /// <param name="SendKey">The send's key.</param>
    public sealed record TouchItem(DateTimeOffset At, string Channel, string SendKey);
}
