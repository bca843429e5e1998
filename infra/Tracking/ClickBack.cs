using Reactivation.Core.Links;
using Reactivation.Core.Tracking;
using Reactivation.Infra.Links;

namespace Reactivation.Infra.Tracking;

/// <summary>
/// Follows a tracked link: verifies the token, queues the click durably, and answers where to redirect. Crediting the
/// click (classification, the first-human-click marker, the journey's <c>click</c>) is the <c>ClickWork</c> function's.
/// </summary>
/// <remarks>
/// The request path costs one storage call, the queue message (shared with the clicks arriving alongside, see
/// <see cref="ClickQueueWriter"/>), and a refused token costs none. The token carries the
/// send key and the destination with its UTM parameters, so nothing about the send is read while a person waits: the
/// send record (for the scanner window) and the journey are touched by <see cref="ClickProcessor"/>, off the request path.
/// </remarks>
public sealed class ClickBack(SignedLinkOptions options, LinkKeyring keyring, ClickQueueWriter queue, TimeProvider clock)
{
    /// <summary>Follows <paramref name="token"/> for a request with the given method and headers.</summary>
    /// <param name="token">The token from the URL.</param>
    /// <param name="method">The HTTP method.</param>
    /// <param name="userAgent">The User-Agent header, if any.</param>
    /// <param name="purpose">The Sec-Purpose or Purpose header, if any.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    public async Task<ClickOutcome> FollowAsync(string? token, string method, string? userAgent, string? purpose, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var (claims, refusal) = LinkToken.Verify(keyring, token, LinkPurpose.Track, now);
        if (claims is null || SendKeyParts.TryParse(claims.Subject) is null)
        {
            return ClickOutcome.Refused(refusal);
        }

        // Links minted before destinations were normalised at minting may carry raw non-ASCII: normalised here too. And
        // checked again at the click, not only when the link was minted: the allow-list may have shrunk since.
        var destination = DestinationPolicy.Normalize(claims.Destination);
        if (!DestinationPolicy.IsAllowed(destination, options.AllowedDestinations))
        {
            return ClickOutcome.Refused(LinkRefusal.None);
        }

        var click = new PendingClick(
            claims.Subject, Guid.CreateVersion7(now).ToString("N"), now, method,
            userAgent is { Length: > ClickLedger.MaxUserAgent } ? userAgent[..ClickLedger.MaxUserAgent] : userAgent, purpose, destination);
        await queue.WriteAsync(click, cancellationToken).ConfigureAwait(false);
        return new ClickOutcome(destination, LinkRefusal.None);
    }
}
