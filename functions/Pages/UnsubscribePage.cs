using Microsoft.DurableTask.Client;
using Reactivation.Core.Links;
using Reactivation.Core.Policy;

namespace Reactivation.Functions.Pages;

/// <summary>
/// <c>GET /u/{token}</c> asks for confirmation and changes nothing (mail scanners and link previews fetch links);
/// <c>POST /u/{token}</c> with <c>List-Unsubscribe=One-Click</c> opts the user out of marketing on the channel the
/// send went by (RFC 8058). Mail clients post that body with no cookies and no page, so the signed link is the only
/// credential; the page's own button posts the same field.
/// </summary>
public static class UnsubscribePage
{
    /// <summary>The version of the page's wording, recorded with the opt-out as evidence.</summary>
    public const string TextVersion = "unsubscribe-v1";

    /// <summary>The field and value RFC 8058 one-click requests carry.</summary>
    public const string OneClickField = "List-Unsubscribe";

    /// <summary>The value of <see cref="OneClickField"/>.</summary>
    public const string OneClickValue = "One-Click";

    /// <summary>Shows the confirmation.</summary>
    public static async Task<IResult> GetAsync(string token, HttpContext context, [AsParameters] PageServices services, CancellationToken cancellationToken)
    {
        if (PageLink.Open(context, token, LinkPurpose.Unsubscribe, services.Links, services.Clock) is not { } link)
        {
            return PublicPage.LinkNotValid(context);
        }

        var profile = await services.Users.GetAsync(link.Send.UserId, cancellationToken).ConfigureAwait(false);
        var channel = await services.Consent.ChannelOfAsync(link.Send, link.Claims.Subject, cancellationToken).ConfigureAwait(false);
        return PublicPage.Html(context, UnsubscribePageHtml.Confirm(PublicPage.LocaleFor(profile?.Contact.Locale, context.Request), channel));
    }

    /// <summary>Unsubscribes, once however often it is posted.</summary>
    public static async Task<IResult> PostAsync(string token, HttpContext context, DurableTaskClient client, [AsParameters] PageServices services, CancellationToken cancellationToken)
    {
        if (PageLink.Open(context, token, LinkPurpose.Unsubscribe, services.Links, services.Clock) is not { } link)
        {
            return PublicPage.LinkNotValid(context);
        }

        var profile = await services.Users.GetAsync(link.Send.UserId, cancellationToken).ConfigureAwait(false);
        var locale = PublicPage.LocaleFor(profile?.Contact.Locale, context.Request);
        var (form, status) = await PageForm.ReadAsync(context.Request, cancellationToken).ConfigureAwait(false);
        if (form is null || form[OneClickField] != OneClickValue)
        {
            return PublicPage.Refused(context, locale, form is null ? status : StatusCodes.Status400BadRequest);
        }

        // Recorded even without a profile: the signed link proves the user was sent this, and an opt-out is always safe to keep.
        var channel = await services.Consent.ChannelOfAsync(link.Send, link.Claims.Subject, cancellationToken).ConfigureAwait(false);
        var current = await services.Flags.GetAsync(link.Send.UserId, channel, Core.Journeys.TemplatePurpose.Marketing, cancellationToken).ConfigureAwait(false);
        if (MarketingChoice.Unsubscribe(link.Send.UserId, token, channel, current, PageForm.Evidence(context, TextVersion), services.Clock.GetUtcNow()) is { } change)
        {
            await services.Consent.RecordAsync(client, [change], cancellationToken).ConfigureAwait(false);
        }

        return PublicPage.Html(context, UnsubscribePageHtml.Done(locale, channel, services.Links.PreferencesUrl(link.Claims.Subject)));
    }
}
