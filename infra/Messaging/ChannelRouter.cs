using Reactivation.Core.Journeys;
using Reactivation.Infra.Journeys;

namespace Reactivation.Infra.Messaging;

/// <summary>
/// Sends each message on the provider configured for its channel, on the local outbox when none is and the outbox was
/// chosen, and nowhere otherwise: a channel with neither is skipped with the reason, never answered as sent.
/// </summary>
/// <param name="acs">SMS and email through ACS, or null.</param>
/// <param name="webhook">Webhook sends, or null.</param>
/// <param name="outbox">The local outbox, or null when it was not chosen (<c>Messaging:UseLocalOutbox</c>).</param>
public sealed class ChannelRouter(AcsChannel? acs, WebhookChannel? webhook, OutboxChannel? outbox) : IMessageChannel
{
    /// <inheritdoc />
    public Task<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken) => message.Channel switch
    {
        Channel.Sms or Channel.Email when acs is not null => acs.SendAsync(message, cancellationToken),
        Channel.Webhook when webhook is not null => webhook.SendAsync(message, cancellationToken),
        _ when outbox is not null => outbox.SendAsync(message, cancellationToken),

        // Only instances enrolled before a provider was removed get here: new ones do not count the channel as reachable.
        _ => Task.FromResult(SendResult.Skipped(NotSentReason.NoProvider, $"no provider for {message.Channel.ToString().ToLowerInvariant()}: {ProviderSetting(message.Channel)} is not configured")),
    };

    private static string ProviderSetting(Channel channel) => channel == Channel.Webhook ? "Webhook:Url" : "Acs:ConnectionString";
}
