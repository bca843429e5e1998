using Reactivation.Core.Links;
using Reactivation.Core.Tracking;

namespace Reactivation.Infra.Links;

/// <summary>Mints the public URLs messages carry: tracked click-backs, one-click unsubscribe and the preference page.</summary>
public sealed class LinkMinter(SignedLinkOptions options, LinkKeyring keyring, TimeProvider clock)
{
    private readonly string _base = options.PublicBaseUrl.TrimEnd('/');

    /// <summary>
    /// A minter for checking templates when no deployment's links are at hand (the CLI, tests): default options and a
    /// fixed key, so sample renders have links of the real length.
    /// </summary>
    public static LinkMinter Sample { get; } = new(
        new SignedLinkOptions(), LinkKeyring.Create(new Dictionary<string, byte[]> { ["s1"] = new byte[LinkKeyring.MinimumKeyBytes] }, "s1").Keyring!, TimeProvider.System);

    /// <summary>The keyring links are signed and verified with.</summary>
    public LinkKeyring Keyring => keyring;

    /// <summary>The options links are minted under (allowed destinations among them).</summary>
    public SignedLinkOptions Options => options;

    /// <summary>True when a tracked link may lead to <paramref name="destination"/> (as written or normalised to a URI).</summary>
    public bool IsAllowed(string? destination) => destination is not null && DestinationPolicy.IsAllowed(DestinationPolicy.Normalize(destination), options.AllowedDestinations);

    /// <summary>
    /// A tracked link for <paramref name="sendKey"/> that leads to <paramref name="destination"/>, with the UTM parameters
    /// for the send (journey, step, variant, channel) appended before signing: the click-back then redirects to the
    /// signed destination as it is, without reading anything about the send.
    /// </summary>
    /// <param name="sendKey">The send the link is credited to.</param>
    /// <param name="destination">Where the link leads.</param>
    /// <param name="channel">The send's channel (<c>utm_medium</c>), when known.</param>
    /// <param name="variant">The send's split variant, when any.</param>
    /// <exception cref="ArgumentException">The destination is not allow-listed: a message must not carry a link the click-back would refuse.</exception>
    public string TrackUrl(string sendKey, string destination, string? channel = null, string? variant = null)
    {
        // Signed as the URI the redirect will send, so the Location header never meets a character it cannot carry.
        destination = DestinationPolicy.Normalize(destination);
        if (!IsAllowed(destination))
        {
            throw new ArgumentException($"'{destination}' is not an allowed destination for a tracked link (Links:AllowedDestinations)", nameof(destination));
        }

        var tagged = SendKeyParts.TryParse(sendKey) is { } send
            ? UtmParameters.Append(destination, send.JourneyId, send.StepId, variant, channel, options.UtmSource)
            : destination;
        return $"{_base}/r/{LinkToken.Create(keyring, LinkPurpose.Track, sendKey, tagged, clock.GetUtcNow() + options.TrackingLifetime)}";
    }

    /// <summary>The one-click unsubscribe link for <paramref name="sendKey"/> (GET shows a confirmation, POST unsubscribes).</summary>
    public string UnsubscribeUrl(string sendKey) =>
        $"{_base}/u/{LinkToken.Create(keyring, LinkPurpose.Unsubscribe, sendKey, "", clock.GetUtcNow() + options.ConsentLinkLifetime)}";

    /// <summary>The preference page link for <paramref name="sendKey"/>.</summary>
    public string PreferencesUrl(string sendKey) =>
        $"{_base}/p/{LinkToken.Create(keyring, LinkPurpose.Preferences, sendKey, "", clock.GetUtcNow() + options.ConsentLinkLifetime)}";
}
