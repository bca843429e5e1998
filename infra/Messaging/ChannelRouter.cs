using Reactivation.Core.Journeys;
using Reactivation.Infra.Journeys;

namespace Reactivation.Infra.Messaging;

/// <summary>Sends each message on the provider configured for its channel, and on the local outbox when none is.</summary>
/// <param name="acs">SMS and email through ACS, or null.</param>
/// <param name="webhook">Webhook sends, or null.</param>
/// <param name="outbox">The local outbox.</param>
public sealed class ChannelRouter(AcsChannel? acs, WebhookChannel? webhook, OutboxChannel outbox) : IMessageChannel
{
    /// <inheritdoc />
    public Task<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken) => message.Channel switch
    {
        Channel.Sms or Channel.Email when acs is not null => acs.SendAsync(message, cancellationToken),
        Channel.Webhook when webhook is not null => webhook.SendAsync(message, cancellationToken),
        _ => outbox.SendAsync(message, cancellationToken),
    };
}
