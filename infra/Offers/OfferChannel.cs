using Microsoft.Extensions.Logging;
using Reactivation.Core.Journeys;
using Reactivation.Core.Offers;
using Reactivation.Infra.Journeys;

namespace Reactivation.Infra.Offers;

/// <summary>
/// Puts the offer into a message the contact policy let through: issues a new coupon for the send (exactly once per send
/// key), or looks up the one a reminder refers to; when the campaign's budget or the user's ceiling says no, sends the
/// step's no-cost fallback template instead, or skips the send with the reason when the step has none.
/// </summary>
/// <remarks>
/// Issuing after the policy check means a deferred or dropped message costs nothing. A send that is retried gets the
/// same code, and the journey remembers the issued offer so a later step can remind the user of it before it expires.
/// </remarks>
public sealed class OfferChannel(IMessageChannel inner, OfferDesk desk, TimeProvider clock, ILogger<OfferChannel> logger) : IMessageChannel
{
    /// <inheritdoc />
    public async Task<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        if (message.Reminded is { } reminded)
        {
            var original = (await desk.GetIssuancesAsync(message.UserId, cancellationToken).ConfigureAwait(false))
                .FirstOrDefault(o => o.OfferId == reminded.OfferId && o.Code == reminded.Code);
            if (original is null)
            {
                return SendResult.Skipped(NotSentReason.NoOfferToRemind, $"the offer {reminded.Code} to remind of is not on record");
            }

            if (original.RedeemedAt is { } redeemedAt)
            {
                return SendResult.Skipped(NotSentReason.OfferRedeemed, $"{original.Code} was already redeemed at {redeemedAt:u}; no reminder needed");
            }

            return await inner.SendAsync(message with { IssuedOffer = View(original, message) }, cancellationToken).ConfigureAwait(false);
        }

        if (message.Offer is not { } offerId || offerId.StartsWith('@'))
        {
            return await inner.SendAsync(message, cancellationToken).ConfigureAwait(false);
        }

        switch (await desk.IssueAsync(offerId, message.UserId, message.SendKey, clock.GetUtcNow(), cancellationToken).ConfigureAwait(false))
        {
            case IssuedOffer issued:
                var result = await inner.SendAsync(message with { IssuedOffer = View(issued, message) }, cancellationToken).ConfigureAwait(false);
                return result.Status == SendStatus.Sent ? result with { Offer = new IssuedOfferRef(issued.OfferId, issued.Code, issued.ExpiresAt) } : result;
            case OfferNotIssued refused when message.FallbackTemplate is { } fallback:
                logger.LogInformation("{SendKey}: {Offer} not issued ({Reason}); sending {Fallback} instead", message.SendKey, offerId, refused.Reason, fallback);
                var sent = await inner.SendAsync(message with { Template = fallback, Offer = null }, cancellationToken).ConfigureAwait(false);
                return sent.Status == SendStatus.Sent ? sent with { Detail = $"fallback {fallback}: {refused.Reason}" } : sent;
            case OfferNotIssued refused:
                return SendResult.Skipped(NotSentReason.OfferNotIssued, $"offer {offerId} not issued and the step has no fallback: {refused.Reason}");
            default:
                throw new InvalidOperationException($"unexpected answer from the offer desk for {message.SendKey}");
        }
    }

    private static MessageOffer View(IssuedOffer offer, OutboundMessage message) =>
        new(offer.OfferId, offer.Code, offer.NameFor(message.Context?.Locale), offer.Value, offer.Threshold, offer.ExpiresAt);
}
