using Reactivation.Core.Journeys;
using Reactivation.Core.Links;
using Reactivation.Core.Tracking;
using Reactivation.Infra.Journeys;
using Reactivation.Infra.Links;
using Reactivation.Infra.Policy;

namespace Reactivation.Infra.Tracking;

/// <summary>
/// Follows a tracked link: verifies the token, records the click, raises the journey's <c>click</c> for the send's first
/// human click, and answers where to redirect.
/// </summary>
/// <remarks>
/// The hot path is two storage round trips: a point read of the send record (its delivery time for the scanner window,
/// its channel and variant for UTM and the event) and the click's insert, with the first-click marker's insert sent
/// alongside it. Only a send's first human click does more (the raise). A refused token costs no storage at all.
/// </remarks>
public sealed class ClickBack(
    SignedLinkOptions options, LinkKeyring keyring, JourneyStore store, ClickLedger clicks, JourneyEvents events, ContactLedger ledger, TimeProvider clock)
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
        if (claims is null || SendKeyParts.TryParse(claims.Subject) is not { } send)
        {
            return ClickOutcome.Refused(refusal);
        }

        // Checked again at the click, not only when the link was minted: the allow-list may have shrunk since.
        if (!DestinationPolicy.IsAllowed(claims.Destination, options.AllowedDestinations))
        {
            return ClickOutcome.Refused(LinkRefusal.None);
        }

        var sent = await store.GetSendAsync(send.InstanceId, claims.Subject, cancellationToken).ConfigureAwait(false);
        var (kind, why) = ClickClassifier.Classify(new ClickRequest(method, userAgent, purpose, now, sent?.ReachedAt), options.ScannerWindow);
        var click = new ClickRecord(claims.Subject, Guid.CreateVersion7(now).ToString("N"), now, kind, why, method, userAgent, claims.Destination);
        var first = await clicks.RecordAsync(click, cancellationToken).ConfigureAwait(false);
        if (first)
        {
            await RaiseAsync(send, click, sent?.Channel, cancellationToken).ConfigureAwait(false);
        }

        var location = UtmParameters.Append(claims.Destination, send.JourneyId, send.StepId, sent?.Variant, sent?.Channel.ToString().ToLowerInvariant(), options.UtmSource);
        return new ClickOutcome(location, LinkRefusal.None, kind, first);
    }

    private async Task RaiseAsync(SendKeyParts send, ClickRecord click, Channel? channel, CancellationToken cancellationToken)
    {
        try
        {
            // One event id per send, so even a marker released after a failed raise cannot make a second click event.
            var raised = await events.RaiseAsync(send.InstanceId, JourneyEventNames.Click, $"click~{send.StepId}~{send.Visit}", channel, click.At, cancellationToken)
                .ConfigureAwait(false);

            // A running journey records the engagement as it takes the event; a click after the journey ended is still an answer.
            if (raised is RaiseOutcome.NotFound or RaiseOutcome.Gone)
            {
                await ledger.RecordEngagementAsync(send.UserId, click.At, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // The marker claims the raise; give it back, so the next click on this send raises instead of none ever doing so.
            await clicks.ReleaseFirstAsync(click, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }
}
