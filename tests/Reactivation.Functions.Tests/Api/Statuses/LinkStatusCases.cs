using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Reactivation.Core.Users;
using Reactivation.Infra.Ingestion;
using Reactivation.Infra.Links;

namespace Reactivation.Functions.Tests.Api.Statuses;

public sealed partial class LinkStatusCases : IStatusCases
{
    private const string Form = "application/x-www-form-urlencoded";

    public IEnumerable<(string Operation, int Status, StatusCase Case)> Cases =>
    [
        ("Click", StatusCodes.Status302Found, async (p, row, ct) =>
        {
            var (minter, sendKey) = await LinkedUserAsync(p, ct);
            using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = p.App.Client.BaseAddress };
            return await ApiProbe.SendAsync(client, row.Method, PathOf(minter.TrackUrl(sendKey, "https://shop.example.com/sale")), null, ct);
        }),
        ("Click", StatusCodes.Status404NotFound, (p, row, ct) => ApiProbe.SendAsync(p.Anonymous, row.Method, "/r/not-a-token", null, ct)),

        ("PreferencesPage", StatusCodes.Status200OK, async (p, _, ct) => await p.Anonymous.GetAsync(await PreferencesPathAsync(p, ct), ct)),
        ("PreferencesPage", StatusCodes.Status404NotFound, (p, _, ct) => p.Anonymous.GetAsync("/p/not-a-token", ct)),

        ("SavePreferences", StatusCodes.Status200OK, async (p, _, ct) =>
        {
            var path = await PreferencesPathAsync(p, ct);
            var page = await p.Anonymous.GetStringAsync(path, ct);
            return await p.Anonymous.PostAsync(path, ApiProbe.Form(("csrf", CsrfOf(page)), ("sms", "on")), ct);
        }),
        ("SavePreferences", StatusCodes.Status400BadRequest, async (p, _, ct) =>
        {
            var path = await PreferencesPathAsync(p, ct);
            var page = await p.Anonymous.GetStringAsync(path, ct);
            return await p.Anonymous.PostAsync(path, ApiProbe.Form(("csrf", CsrfOf(page)), ("fax", "on")), ct);
        }),
        ("SavePreferences", StatusCodes.Status403Forbidden, async (p, _, ct) =>
            await p.Anonymous.PostAsync(await PreferencesPathAsync(p, ct), ApiProbe.Form(("csrf", "forged"), ("sms", "on")), ct)),
        ("SavePreferences", StatusCodes.Status404NotFound, (p, _, ct) => p.Anonymous.PostAsync("/p/not-a-token", ApiProbe.Form(("sms", "on")), ct)),
        ("SavePreferences", StatusCodes.Status413PayloadTooLarge, async (p, row, ct) => await p.DeclaringTooLargeAsync(row, ct, Form, await PreferencesPathAsync(p, ct))),
        ("SavePreferences", StatusCodes.Status415UnsupportedMediaType, async (p, _, ct) => await p.Anonymous.PostAsync(await PreferencesPathAsync(p, ct), ApiProbe.Json("{}"), ct)),

        ("UnsubscribePage", StatusCodes.Status200OK, async (p, _, ct) => await p.Anonymous.GetAsync(await UnsubscribePathAsync(p, ct), ct)),
        ("UnsubscribePage", StatusCodes.Status404NotFound, (p, _, ct) => p.Anonymous.GetAsync("/u/not-a-token", ct)),

        ("Unsubscribe", StatusCodes.Status200OK, async (p, _, ct) =>
            await p.Anonymous.PostAsync(await UnsubscribePathAsync(p, ct), ApiProbe.Form(("List-Unsubscribe", "One-Click")), ct)),
        ("Unsubscribe", StatusCodes.Status400BadRequest, async (p, _, ct) => await p.Anonymous.PostAsync(await UnsubscribePathAsync(p, ct), ApiProbe.Form(("confirm", "yes")), ct)),
        ("Unsubscribe", StatusCodes.Status404NotFound, (p, _, ct) => p.Anonymous.PostAsync("/u/not-a-token", ApiProbe.Form(("List-Unsubscribe", "One-Click")), ct)),
        ("Unsubscribe", StatusCodes.Status413PayloadTooLarge, async (p, row, ct) => await p.DeclaringTooLargeAsync(row, ct, Form, await UnsubscribePathAsync(p, ct))),
        ("Unsubscribe", StatusCodes.Status415UnsupportedMediaType, async (p, _, ct) => await p.Anonymous.PostAsync(await UnsubscribePathAsync(p, ct), ApiProbe.Json("{}"), ct)),
    ];

    // A new user with contact points, and the send key a journey's first SMS to them would have.
    private static async Task<(LinkMinter Minter, string SendKey)> LinkedUserAsync(ApiProbe probe, CancellationToken cancellationToken)
    {
        var user = $"linked-{Guid.NewGuid():N}";
        await probe.App.Services.GetRequiredService<UserDirectory>().UpsertAsync(
            [new UserUpdate(user, "+8613800138000", $"{user}@example.com", "Asia/Shanghai", "en-US", "CN", null)], cancellationToken);
        return (probe.App.Services.GetRequiredService<LinkMinter>(), $"{StatusJourney.Id}~{user}~1~sms~1");
    }

    private static async Task<string> PreferencesPathAsync(ApiProbe probe, CancellationToken cancellationToken)
    {
        var (minter, sendKey) = await LinkedUserAsync(probe, cancellationToken);
        return PathOf(minter.PreferencesUrl(sendKey));
    }

    private static async Task<string> UnsubscribePathAsync(ApiProbe probe, CancellationToken cancellationToken)
    {
        var (minter, sendKey) = await LinkedUserAsync(probe, cancellationToken);
        return PathOf(minter.UnsubscribeUrl(sendKey));
    }

    private static string PathOf(string url) => new Uri(url).AbsolutePath;

    private static string CsrfOf(string page) =>
        CsrfField().Match(page) is { Success: true } match ? match.Groups[1].Value : throw new InvalidOperationException("the preference page has no csrf field");

    [GeneratedRegex("name=\"csrf\" value=\"([^\"]+)\"")]
    private static partial Regex CsrfField();
}
