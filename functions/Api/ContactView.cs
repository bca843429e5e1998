using Reactivation.Core.Policy;
using Reactivation.Infra.Policy;

namespace Reactivation.Functions.Api;

/// <summary>What the API and CLI show about a user's contact state: consent, recent touches, and every message not sent with its reason.</summary>
public static class ContactView
{
    /// <summary>The shape returned by <c>GET /api/users/{userId}/notsent</c>.</summary>
    public static object Of(string userId, IReadOnlyList<NotSentEntry> notSent, IReadOnlyList<ConsentFlag> consent, IReadOnlyList<ContactTouch> touches, DateTimeOffset? engagedAt) => new
    {
        userId,
        notSent = notSent.Select(e => new { at = e.At, instanceId = e.InstanceId, journeyId = e.JourneyId, step = e.Step, kind = e.Kind, code = e.Code, reason = e.Reason }),
        consent = consent.Select(f => new { channel = Lower(f.Channel), purpose = Lower(f.Purpose), state = Lower(f.State), source = f.Source, evidence = f.Evidence, at = f.At }),
        recentTouches = touches.OrderByDescending(t => t.At).Select(t => new { at = t.At, channel = Lower(t.Channel), sendKey = t.SendKey }),
        lastAnsweredAt = engagedAt,
    };

    private static string Lower<T>(T value)
        where T : struct, Enum
    {
        var text = value.ToString();
        return char.ToLowerInvariant(text[0]) + text[1..];
    }
}
