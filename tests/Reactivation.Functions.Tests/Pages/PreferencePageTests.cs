using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Reactivation.Core.Journeys;
using Reactivation.Core.Links;
using Reactivation.Core.Policy;
using Reactivation.Functions.Tests.Journeys;
using Reactivation.Infra.Links;
using Reactivation.Infra.Policy;
using Xunit;

namespace Reactivation.Functions.Tests.Pages;

/// <summary>The preference page on Azurite: the current choice per channel, and saving it only through the page's own fresh form.</summary>
public sealed class PreferencePageTests(AzuriteFixture azurite)
{
    private const string SendKey = "probe~chooser~1~sms~1";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_page_lists_each_channel_on_the_profile_masked_with_its_current_marketing_state_in_the_users_language()
    {
        await using var app = await JourneyTestApp.StartAsync(azurite);
        await app.AddUserAsync("chooser", "zh-CN");
        await app.Services.GetRequiredService<ConsentFlags>().SetAsync(
            "chooser", new ConsentFlag(Channel.Email, TemplatePurpose.Marketing, ConsentState.OptedOut, "api", null, app.Clock.GetUtcNow()), Ct);

        var response = await app.App.Client.GetAsync(app.PreferencesPath(SendKey), Ct);
        var html = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<html lang=\"zh-CN\">", html, StringComparison.Ordinal);
        Assert.Contains("name=\"sms\" value=\"on\" checked>", html, StringComparison.Ordinal);
        Assert.Contains("name=\"email\" value=\"on\">", html, StringComparison.Ordinal);
        Assert.Contains("+86*******8000", html, StringComparison.Ordinal);
        Assert.Contains("c***@example.com", html, StringComparison.Ordinal);
        Assert.DoesNotContain("13800138000", html, StringComparison.Ordinal);
        Assert.DoesNotContain("chooser@", html, StringComparison.Ordinal);
        Assert.Contains("服务类消息", html, StringComparison.Ordinal);
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
    }

    [Fact]
    public async Task Saving_records_one_change_per_channel_that_changed_and_a_double_submit_records_once()
    {
        await using var app = await JourneyTestApp.StartAsync(azurite);
        await app.AddUserAsync("chooser", "en-US");
        var path = app.PreferencesPath(SendKey);
        var csrf = ConsentPageKit.FormTokenOf(await app.App.Client.GetStringAsync(path, Ct));
        var form = new[] { KeyValuePair.Create("csrf", csrf), KeyValuePair.Create("sms", "on") };

        var first = await app.App.Client.PostAsync(path, new FormUrlEncodedContent(form), Ct);
        var again = await app.App.Client.PostAsync(path, new FormUrlEncodedContent(form), Ct);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, again.StatusCode));
        var saved = await first.Content.ReadAsStringAsync(Ct);
        Assert.Contains("Your preferences are saved", saved, StringComparison.Ordinal);
        Assert.Contains("Email: marketing messages off", saved, StringComparison.Ordinal);
        var row = Assert.Single(await app.HistoryAsync("chooser"));
        Assert.Equal((Channel.Email, ConsentState.OptedOut, "preferencePage", "prefs-v1"), (row.Channel, row.State, row.Source, row.TextVersion));
        Assert.NotNull(row.IpHash);
    }

    [Fact]
    public async Task Where_marketing_needs_an_opt_in_no_choice_shows_unticked_and_ticking_records_opt_ins()
    {
        await using var app = await JourneyTestApp.StartAsync(azurite, extra: new Dictionary<string, string?> { ["Policy:MarketingNeedsOptIn"] = "true" });
        await app.AddUserAsync("chooser", "en-US");
        var path = app.PreferencesPath(SendKey);
        var page = await app.App.Client.GetStringAsync(path, Ct);

        var response = await app.App.Client.PostAsync(
            path, new FormUrlEncodedContent([KeyValuePair.Create("csrf", ConsentPageKit.FormTokenOf(page)), KeyValuePair.Create("sms", "on"), KeyValuePair.Create("email", "on")]), Ct);

        Assert.DoesNotContain(" checked", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(
            [(Channel.Sms, ConsentState.OptedIn), (Channel.Email, ConsentState.OptedIn)],
            (await app.HistoryAsync("chooser")).OrderBy(r => r.Channel).Select(r => (r.Channel, r.State)));
    }

    [Theory]
    [InlineData("no form token", HttpStatusCode.Forbidden)]
    [InlineData("bad form token", HttpStatusCode.Forbidden)]
    [InlineData("form token of another link", HttpStatusCode.Forbidden)]
    [InlineData("stale form token", HttpStatusCode.Forbidden)]
    [InlineData("cross-site", HttpStatusCode.Forbidden)]
    [InlineData("unknown field", HttpStatusCode.BadRequest)]
    [InlineData("channel not on the profile", HttpStatusCode.BadRequest)]
    [InlineData("other value", HttpStatusCode.BadRequest)]
    [InlineData("oversized", HttpStatusCode.RequestEntityTooLarge)]
    [InlineData("json", HttpStatusCode.UnsupportedMediaType)]
    public async Task A_save_that_is_not_a_fresh_form_of_this_page_is_refused_with_a_friendly_page_and_writes_nothing(string kind, HttpStatusCode expected)
    {
        await using var app = await JourneyTestApp.StartAsync(azurite);
        await app.AddUserAsync("chooser", "en-US");
        var path = app.PreferencesPath(SendKey);
        var csrf = ConsentPageKit.FormTokenOf(await app.App.Client.GetStringAsync(path, Ct));
        var otherLink = ConsentPageKit.FormTokenOf(await app.App.Client.GetStringAsync(app.PreferencesPath("probe~chooser~1~email~1"), Ct));
        if (kind == "stale form token")
        {
            app.Clock.Advance(TimeSpan.FromHours(25));
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = kind switch
            {
                "no form token" => Form(("sms", "on")),
                "bad form token" => Form(("csrf", csrf[..^1] + (csrf[^1] == '0' ? '1' : '0')), ("sms", "on")),
                "form token of another link" => Form(("csrf", otherLink)),
                "unknown field" => Form(("csrf", csrf), ("sms", "on"), ("webhook", "on")),
                "channel not on the profile" => Form(("csrf", csrf), ("push", "on")),
                "other value" => Form(("csrf", csrf), ("email", "off")),
                "oversized" => Form(("csrf", csrf), ("sms", "on"), ("sms", new string('x', 5_000))),
                "json" => new StringContent($"{{\"csrf\":\"{csrf}\"}}", System.Text.Encoding.UTF8, "application/json"),
                _ => Form(("csrf", csrf)),
            },
        };
        if (kind == "cross-site")
        {
            request.Headers.Add("Sec-Fetch-Site", "cross-site");
        }

        var response = await app.App.Client.SendAsync(request, Ct);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        await app.AssertNothingWrittenAsync("chooser");
    }

    [Theory]
    [InlineData("forged")]
    [InlineData("expired")]
    [InlineData("unsubscribe token")]
    [InlineData("unknown user")]
    public async Task A_refused_link_gets_the_friendly_page_and_writes_nothing(string kind)
    {
        await using var app = await JourneyTestApp.StartAsync(azurite);
        await app.AddUserAsync("chooser", "zh-CN");
        var keyring = app.Services.GetRequiredService<LinkMinter>().Keyring;
        var now = app.Clock.GetUtcNow();
        var good = app.PreferencesPath(SendKey)[3..];
        var token = kind switch
        {
            "forged" => ConsentPageKit.Forge(good),
            "expired" => LinkToken.Create(keyring, LinkPurpose.Preferences, SendKey, "", now.AddSeconds(-1)),
            "unsubscribe token" => LinkToken.Create(keyring, LinkPurpose.Unsubscribe, SendKey, "", now.AddDays(1)),
            _ => LinkToken.Create(keyring, LinkPurpose.Preferences, "probe~nobody~1~sms~1", "", now.AddDays(1)),
        };
        var csrf = ConsentPageKit.FormTokenOf(await app.App.Client.GetStringAsync("/p/" + good, Ct));

        var get = await app.App.Client.GetAsync("/p/" + token, Ct);
        var post = await app.App.Client.PostAsync("/p/" + token, Form(("csrf", csrf)), Ct);

        await ConsentPageKit.AssertLinkNotValidAsync(get, post);
        await app.AssertNothingWrittenAsync("chooser");
    }

    private static FormUrlEncodedContent Form(params (string Name, string Value)[] fields) => new(fields.Select(f => KeyValuePair.Create(f.Name, f.Value)));
}
