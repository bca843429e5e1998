using Reactivation.Core.Journeys;

namespace Reactivation.Core.Policy;

/// <summary>Everything the contact policy needs to judge one message: the message, the user's state, and the time.</summary>
/// <param name="SendKey">The send being judged (its own touch, if already recorded, does not count against it).</param>
/// <param name="Channel">The channel.</param>
/// <param name="Purpose">Marketing or service.</param>
/// <param name="Now">The current time.</param>
/// <param name="Zone">The user's time zone (quiet hours and the cap's calendar days are local).</param>
/// <param name="Consent">The consent flags recorded for the user.</param>
/// <param name="Touches">Marketing touches sent to the user recently (at least the cap window and the low-frequency interval).</param>
/// <param name="LastEngagedAt">When the user last answered anything (a click, a reply, a login or purchase), if ever.</param>
/// <param name="LastComplaintAt">When the user last complained, if ever.</param>
/// <param name="Region">The user's two-letter region, which picks the compliance profile; null: the default profile.</param>
public sealed record PolicyRequest(
    string SendKey,
    Channel Channel,
    TemplatePurpose Purpose,
    DateTimeOffset Now,
    TimeZoneInfo Zone,
    IReadOnlyList<ConsentFlag> Consent,
    IReadOnlyList<ContactTouch> Touches,
    DateTimeOffset? LastEngagedAt,
    DateTimeOffset? LastComplaintAt,
    string? Region = null);
