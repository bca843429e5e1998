using System.Globalization;
using Reactivation.Core.Journeys;
using Reactivation.Infra.Ingestion;

namespace Reactivation.Infra.Journeys;

/// <summary>Turns an outbound message into what a channel delivers: the recipient from the profile and the template rendered in the user's locale.</summary>
public sealed class MessageRenderer(ProfileWriter profiles, TemplateCatalogue templates)
{
    /// <summary>The rendered message, or null with the reason when the user has no contact point for the channel.</summary>
    public async Task<(RenderedMessage? Message, string? Skip)> RenderAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        var profile = message.Profile ?? await profiles.GetAsync(message.UserId, cancellationToken).ConfigureAwait(false);
        var recipient = message.Channel switch
        {
            Channel.Sms => profile?.Contact.Phone,
            Channel.Email => profile?.Contact.Email,
            _ => "webhook",
        };
        if (recipient is null)
        {
            return (null, message.Channel == Channel.Sms ? "the profile has no phone number" : "the profile has no email address");
        }

        var contact = profile?.Contact;
        var offer = message.IssuedOffer;
        var zoneId = contact?.TimeZone ?? message.Context?.TimeZone;
        var zone = zoneId is not null && TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out var found) ? found : TimeZoneInfo.Utc;
        var (locale, subject, body) = templates.Render(message.Template, contact?.Locale, new Dictionary<string, string?>
        {
            ["user.id"] = message.UserId,
            ["user.locale"] = contact?.Locale,
            ["user.region"] = contact?.Region,
            ["silence.band"] = Camel(message.Context?.Band.ToString()),
            ["silence.tier"] = Camel(message.Context?.Tier.ToString()),
            ["silence.cause"] = Camel(message.Context?.Cause.ToString()),
            ["offer.id"] = offer?.OfferId,
            ["offer.code"] = offer?.Code,
            ["offer.name"] = offer?.Name,
            ["offer.value"] = offer?.Value.ToString("0.##", CultureInfo.InvariantCulture),
            ["offer.threshold"] = offer?.Threshold?.ToString("0.##", CultureInfo.InvariantCulture),
            ["offer.expiresAt"] = offer is null ? null : TimeZoneInfo.ConvertTime(offer.ExpiresAt, zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
            ["journey.id"] = message.JourneyId,
            ["journey.instance"] = message.InstanceId,
            ["journey.step"] = message.StepId,
            ["variant"] = message.Variant,
        }, message.SendKey);
        return (new RenderedMessage(recipient, locale, subject, body), null);
    }

    private static string? Camel(string? name) => name is null ? null : char.ToLowerInvariant(name[0]) + name[1..];
}

/// <summary>A message ready to deliver.</summary>
/// <param name="Recipient">The phone number, email address, or <c>webhook</c>.</param>
/// <param name="Locale">The locale rendered.</param>
/// <param name="Subject">The subject (email).</param>
/// <param name="Body">The body.</param>
public sealed record RenderedMessage(string Recipient, string Locale, string? Subject, string Body);
