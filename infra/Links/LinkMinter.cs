using Reactivation.Core.Links;

namespace Reactivation.Infra.Links;

/// <summary>Mints the public URLs messages carry: tracked click-backs, one-click unsubscribe and the preference page.</summary>
public sealed class LinkMinter(SignedLinkOptions options, LinkKeyring keyring, TimeProvider clock)
{
    private readonly string _base = options.PublicBaseUrl.TrimEnd('/');

    /// <summary>The keyring links are signed and verified with.</summary>
    public LinkKeyring Keyring => keyring;

    /// <summary>A tracked link for <paramref name="sendKey"/> that leads to <paramref name="destination"/> (which must be allow-listed).</summary>
    public string TrackUrl(string sendKey, string destination) =>
        $"{_base}/r/{LinkToken.Create(keyring, LinkPurpose.Track, sendKey, destination, clock.GetUtcNow() + options.TrackingLifetime)}";

    /// <summary>The one-click unsubscribe link for <paramref name="sendKey"/> (GET shows a confirmation, POST unsubscribes).</summary>
    public string UnsubscribeUrl(string sendKey) =>
        $"{_base}/u/{LinkToken.Create(keyring, LinkPurpose.Unsubscribe, sendKey, "", clock.GetUtcNow() + options.ConsentLinkLifetime)}";

    /// <summary>The preference page link for <paramref name="sendKey"/>.</summary>
    public string PreferencesUrl(string sendKey) =>
        $"{_base}/p/{LinkToken.Create(keyring, LinkPurpose.Preferences, sendKey, "", clock.GetUtcNow() + options.ConsentLinkLifetime)}";
}
