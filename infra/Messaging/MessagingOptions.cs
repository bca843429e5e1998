using Reactivation.Core.Journeys;

namespace Reactivation.Infra.Messaging;

/// <summary>Where messages go when a channel has no provider (configuration section <c>Messaging</c>).</summary>
public sealed record MessagingOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Messaging";

    /// <summary>
    /// True: channels with no provider keep their messages in the local <c>outbox</c> table, answered as sent. For local
    /// runs and demos: a deployment that counted those as sends would report costs, caps and lift on messages nobody got.
    /// </summary>
    /// <value>Unset: on when storage is the local emulator, off otherwise; a deployment turns it on only on purpose.</value>
    public bool? UseLocalOutbox { get; init; }
}

/// <summary>The channels this deployment can send on: a provider is configured for them, or the local outbox is on.</summary>
/// <param name="Channels">The channels.</param>
/// <param name="Outbox">True when channels without a provider go to the local outbox.</param>
public sealed record ConfiguredChannels(IReadOnlySet<Channel> Channels, bool Outbox)
{
    /// <summary>The channels <paramref name="acs"/> and <paramref name="webhook"/> configure, plus every other one when <paramref name="outbox"/> is on.</summary>
    public static ConfiguredChannels From(AcsOptions acs, WebhookOptions webhook, bool outbox)
    {
        var channels = new HashSet<Channel>();
        if (acs.Enabled || outbox)
        {
            channels.UnionWith([Channel.Sms, Channel.Email]);
        }

        if (webhook.Enabled || outbox)
        {
            channels.Add(Channel.Webhook);
        }

        return new ConfiguredChannels(channels, outbox);
    }
}
