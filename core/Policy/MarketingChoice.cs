using System.Security.Cryptography;
using System.Text;
using Reactivation.Core.Journeys;

namespace Reactivation.Core.Policy;

/// <summary>
/// Marketing consent as a person sees and changes it on the public pages: whether they are subscribed now, and the
/// ledger changes a preference form or a one-click unsubscribe makes.
/// </summary>
/// <remarks>
/// Change ids are derived, not random, so a form submitted twice or an unsubscribe posted twice (mail clients retry)
/// records one change: a form's change id covers the link, channel, state and the render's nonce; an unsubscribe's
/// covers the link and the state it replaced, so the same link still works again after the user opts back in.
/// </remarks>
public static class MarketingChoice
{
    /// <summary>The source a preference-page change is recorded with.</summary>
    public const string PreferencePageSource = "preferencePage";

    /// <summary>The source a one-click unsubscribe is recorded with.</summary>
    public const string OneClickSource = "oneClick";

    /// <summary>
    /// Whether marketing may go to the user on a channel: a recorded choice decides; with none, marketing is allowed
    /// unless the deployment needs an opt-in (<see cref="ContactPolicyOptions.MarketingNeedsOptIn"/>).
    /// </summary>
    public static bool IsSubscribed(ConsentFlag? flag, bool marketingNeedsOptIn) => flag?.State switch
    {
        ConsentState.OptedIn => true,
        ConsentState.OptedOut => false,
        _ => !marketingNeedsOptIn,
    };

    /// <summary>The current marketing flag for <paramref name="channel"/> among <paramref name="flags"/>.</summary>
    public static ConsentFlag? Current(IReadOnlyList<ConsentFlag> flags, Channel channel) =>
        flags.Where(f => f.Channel == channel && f.Purpose == TemplatePurpose.Marketing).MaxBy(f => f.At);

    /// <summary>One change per channel whose wanted state differs from the current one; none when nothing changed.</summary>
    public static IReadOnlyList<ConsentChange> FromForm(
        string userId, string linkToken, string formNonce, IReadOnlyDictionary<Channel, bool> wanted, IReadOnlyList<ConsentFlag> flags, bool marketingNeedsOptIn,
        ConsentEvidence evidence, DateTimeOffset now) =>
        [
            .. wanted
                .Where(w => w.Value != IsSubscribed(Current(flags, w.Key), marketingNeedsOptIn))
                .OrderBy(w => w.Key)
                .Select(w =>
                {
                    var state = w.Value ? ConsentState.OptedIn : ConsentState.OptedOut;
                    return Change(Id("pp", linkToken, w.Key.ToString(), state.ToString(), formNonce), userId, w.Key, state, PreferencePageSource, evidence, now);
                }),
        ];

    /// <summary>The opt-out a one-click unsubscribe records, or null when the user is already opted out of marketing on the channel.</summary>
    public static ConsentChange? Unsubscribe(string userId, string linkToken, Channel channel, ConsentFlag? current, ConsentEvidence evidence, DateTimeOffset now) =>
        current?.State == ConsentState.OptedOut
            ? null
            : Change(
                Id("oc", linkToken, channel.ToString(), current is null ? "none" : $"{current.State}@{current.At.ToUnixTimeMilliseconds()}"),
                userId, channel, ConsentState.OptedOut, OneClickSource, evidence, now);

    private static ConsentChange Change(string changeId, string userId, Channel channel, ConsentState state, string source, ConsentEvidence evidence, DateTimeOffset now) =>
        new(changeId, userId, new ConsentFlag(channel, TemplatePurpose.Marketing, state, source, evidence.TextVersion, now), evidence.TextVersion, evidence.Ip,
            evidence.UserAgent, null);

    // A table key: a prefix and 32 hex characters of a hash of the parts.
    private static string Id(string prefix, params string[] parts) =>
        prefix + "-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', parts))))[..32];
}
