using Microsoft.DurableTask.Client;
using System.Security.Cryptography;
using Reactivation.Core.Journeys;
using Reactivation.Core.Links;
using Reactivation.Core.Policy;
using Reactivation.Core.Profiles;

namespace Reactivation.Functions.Pages;

/// <summary>
/// <c>GET /p/{token}</c> shows the user's marketing choice per channel on their profile; <c>POST /p/{token}</c> saves it,
/// recording one ledger change per channel that changed. The form carries a <see cref="FormToken"/> and a POST a
/// browser marks <c>Sec-Fetch-Site: cross-site</c> is refused, so another site cannot change anyone's choices.
/// </summary>
public static class PreferencePage
{
    /// <summary>The version of the page's wording, recorded with every change as evidence.</summary>
    public const string TextVersion = "prefs-v1";

    /// <summary>How long a rendered form can be saved: long enough for a tab left open, short enough that a leaked form goes stale.</summary>
    public static readonly TimeSpan FormLifetime = TimeSpan.FromHours(24);

    /// <summary>Shows the form.</summary>
    public static async Task<IResult> GetAsync(string token, HttpContext context, [AsParameters] PageServices services, CancellationToken cancellationToken)
    {
        if (await OpenAsync(context, token, services, cancellationToken).ConfigureAwait(false) is not var (link, profile, locale))
        {
            return PublicPage.LinkNotValid(context);
        }

        var formToken = FormToken.Create(link.FormKey(services.Links), token, RandomNumberGenerator.GetHexString(32, lowercase: true), services.Clock.GetUtcNow());
        var rows = await RowsAsync(profile, services, cancellationToken).ConfigureAwait(false);
        return PublicPage.Html(context, PreferencePageHtml.Form(locale, rows, formToken));
    }

    /// <summary>Saves the form and shows what is now in force.</summary>
    public static async Task<IResult> PostAsync(string token, HttpContext context, DurableTaskClient client, [AsParameters] PageServices services, CancellationToken cancellationToken)
    {
        if (await OpenAsync(context, token, services, cancellationToken).ConfigureAwait(false) is not var (link, profile, locale))
        {
            return PublicPage.LinkNotValid(context);
        }

        if (context.Request.Headers["Sec-Fetch-Site"] == "cross-site")
        {
            return PublicPage.Refused(context, locale, StatusCodes.Status403Forbidden);
        }

        var (form, status) = await PageForm.ReadAsync(context.Request, cancellationToken).ConfigureAwait(false);
        if (form is null)
        {
            return PublicPage.Refused(context, locale, status);
        }

        var now = services.Clock.GetUtcNow();
        if (FormToken.Verify(link.FormKey(services.Links), token, form[PreferenceForm.FormTokenField], now, FormLifetime) is not { } nonce)
        {
            return PublicPage.Refused(context, locale, StatusCodes.Status403Forbidden);
        }

        var (wanted, _) = PreferenceForm.Read(PageForm.Fields(form), Offered(profile.Contact));
        if (wanted is null)
        {
            return PublicPage.Refused(context, locale, StatusCodes.Status400BadRequest);
        }

        var flags = await services.Flags.GetAsync(profile.UserId, cancellationToken).ConfigureAwait(false);
        var changes = MarketingChoice.FromForm(
            profile.UserId, token, nonce, wanted, flags, services.Policy.MarketingNeedsOptIn, PageForm.Evidence(context, TextVersion), now);
        await services.Consent.RecordAsync(client, changes, cancellationToken).ConfigureAwait(false);
        return PublicPage.Html(context, PreferencePageHtml.Saved(locale, await RowsAsync(profile, services, cancellationToken).ConfigureAwait(false)));
    }

    // A page for a user we have no profile for has nothing to show: that link is as good as invalid.
    private static async Task<(PageLink Link, UserProfile Profile, string Locale)?> OpenAsync(
        HttpContext context, string token, PageServices services, CancellationToken cancellationToken) =>
        PageLink.Open(context, token, LinkPurpose.Preferences, services.Links, services.Clock) is { } link
        && await services.Users.GetAsync(link.Send.UserId, cancellationToken).ConfigureAwait(false) is { } profile
            ? (link, profile, PublicPage.LocaleFor(profile.Contact.Locale, context.Request))
            : null;

    /// <summary>The channels the page offers: those the profile has a contact point for.</summary>
    public static IReadOnlyList<Channel> Offered(ContactPoints contact) =>
        [.. new[] { (Channel.Sms, contact.Phone), (Channel.Email, contact.Email) }.Where(c => !string.IsNullOrEmpty(c.Item2)).Select(c => c.Item1)];

    private static async Task<IReadOnlyList<PreferenceRow>> RowsAsync(UserProfile profile, PageServices services, CancellationToken cancellationToken)
    {
        var flags = await services.Flags.GetAsync(profile.UserId, cancellationToken).ConfigureAwait(false);
        return
        [
            .. Offered(profile.Contact).Select(channel => new PreferenceRow(
                channel,
                channel == Channel.Sms ? Core.Privacy.ContactMask.Phone(profile.Contact.Phone!) : Core.Privacy.ContactMask.Email(profile.Contact.Email!),
                MarketingChoice.IsSubscribed(MarketingChoice.Current(flags, channel), services.Policy.MarketingNeedsOptIn))),
        ];
    }
}
