using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Reactivation.Core.Journeys;
using Reactivation.Core.Links;
using Reactivation.Core.Policy;
using Reactivation.Functions.Tests.Journeys;
using Reactivation.Infra.Links;
using Xunit;

namespace Reactivation.Functions.Tests.Pages;

/// <summary>One-click unsubscribe (RFC 8058) on Azurite: GET only asks, POST opts out once, and bad links or bodies write nothing.</summary>
public sealed class UnsubscribePageTests(AzuriteFixture azurite)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static FormUrlEncodedContent OneClick => new([KeyValuePair.Create("List-Unsubscribe", "One-Click")]);

    [Fact]
    public async Task Opening_the_link_asks_for_confirmation_and_writes_nothing()
    {
        await using var app = await JourneyTestApp.StartAsync(azurite);
        await app.AddUserAsync("looker", "en-US");
        var sendKey = await app.SmsSendKeyAsync("looker");

        var response = await app.App.Client.GetAsync(app.UnsubscribePath(sendKey), Ct);
        var html = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Unsubscribe from marketing text messages?", html, StringComparison.Ordinal);
        Assert.Contains("name=\"List-Unsubscribe\" value=\"One-Click\"", html, StringComparison.Ordinal);
        await app.AssertNothingWrittenAsync("looker", "probe~looker~1");
    }

    [Fact]
    public async Task A_one_click_post_opts_out_of_the_sends_channel_once_even_when_posted_twice_and_tells_the_journey()
    {
        await using var app = await JourneyTestApp.StartAsync(azurite);
        await app.AddUserAsync("leaver", "zh-CN");
        var sendKey = await app.SmsSendKeyAsync("leaver");
        var path = app.UnsubscribePath(sendKey);

        var first = await app.App.Client.PostAsync(path, OneClick, Ct);
        var second = await app.App.Client.PostAsync(path, OneClick, Ct);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, second.StatusCode));
        Assert.Contains("您已成功退订", await second.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var row = Assert.Single(await app.HistoryAsync("leaver"));
        Assert.Equal((Channel.Sms, TemplatePurpose.Marketing, ConsentState.OptedOut, "oneClick", "unsubscribe-v1"), (row.Channel, row.Purpose, row.State, row.Source, row.TextVersion));
        Assert.Matches("^[0-9a-f]{64}$", row.IpHash);
        Assert.Equal(ConsentState.OptedOut, Assert.Single(await app.FlagsAsync("leaver")).State);
        await app.PumpAsync();
        Assert.Equal([Channel.Sms], (await app.StateAsync("probe~leaver~1")).OptedOut);
    }

    [Fact]
    public async Task A_multipart_one_click_post_for_a_send_that_cannot_be_found_opts_out_of_email()
    {
        await using var app = await JourneyTestApp.StartAsync(azurite);
        await app.AddUserAsync("purged", "en-US");
        using var body = new MultipartFormDataContent { { new StringContent("One-Click"), "List-Unsubscribe" } };

        var response = await app.App.Client.PostAsync(app.UnsubscribePath("gone~purged~1~mail~1"), body, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var row = Assert.Single(await app.HistoryAsync("purged"));
        Assert.Equal((Channel.Email, ConsentState.OptedOut, "oneClick"), (row.Channel, row.State, row.Source));
    }

    [Fact]
    public async Task After_opting_back_in_the_same_link_unsubscribes_again()
    {
        await using var app = await JourneyTestApp.StartAsync(azurite);
        await app.AddUserAsync("returner", "en-US");
        var path = app.UnsubscribePath("gone~returner~1~mail~1");
        await app.App.Client.PostAsync(path, OneClick, Ct);
        app.Clock.Advance(TimeSpan.FromDays(1));
        await app.App.Client.PostAsJsonAsync(
            "/api/consent", new[] { new { changeId = "back-in", userId = "returner", channel = "email", purpose = "marketing", state = "optIn", source = "api" } }, Ct);
        app.Clock.Advance(TimeSpan.FromDays(1));

        await app.App.Client.PostAsync(path, OneClick, Ct);

        Assert.Equal([ConsentState.OptedOut, ConsentState.OptedIn, ConsentState.OptedOut], (await app.HistoryAsync("returner")).Select(r => r.State));
    }

    [Theory]
    [InlineData("forged")]
    [InlineData("expired")]
    [InlineData("preferences token")]
    [InlineData("tracking token")]
    [InlineData("not a send key")]
    public async Task A_refused_link_gets_the_friendly_page_on_get_and_post_and_writes_nothing(string kind)
    {
        await using var app = await JourneyTestApp.StartAsync(azurite);
        await app.AddUserAsync("victim", "en-US");
        var sendKey = await app.SmsSendKeyAsync("victim");
        var keyring = app.Services.GetRequiredService<LinkMinter>().Keyring;
        var now = app.Clock.GetUtcNow();
        var token = kind switch
        {
            "forged" => ConsentPageKit.Forge(app.UnsubscribePath(sendKey)[3..]),
            "expired" => LinkToken.Create(keyring, LinkPurpose.Unsubscribe, sendKey, "", now.AddSeconds(-1)),
            "preferences token" => LinkToken.Create(keyring, LinkPurpose.Preferences, sendKey, "", now.AddDays(1)),
            "tracking token" => LinkToken.Create(keyring, LinkPurpose.Track, sendKey, "https://example.com/", now.AddDays(1)),
            _ => LinkToken.Create(keyring, LinkPurpose.Unsubscribe, "victim", "", now.AddDays(1)),
        };

        var get = await app.App.Client.GetAsync("/u/" + token, Ct);
        var post = await app.App.Client.PostAsync("/u/" + token, OneClick, Ct);

        await ConsentPageKit.AssertLinkNotValidAsync(get, post);
        await app.AssertNothingWrittenAsync("victim", "probe~victim~1");
    }

    [Fact]
    public async Task A_post_that_is_not_the_one_click_form_is_refused_with_a_friendly_page_and_writes_nothing()
    {
        await using var app = await JourneyTestApp.StartAsync(azurite);
        await app.AddUserAsync("careful", "en-US");
        var path = app.UnsubscribePath(await app.SmsSendKeyAsync("careful"));
        var client = app.App.Client;

        var json = await client.PostAsync(path, new StringContent("{\"List-Unsubscribe\":\"One-Click\"}", System.Text.Encoding.UTF8, "application/json"), Ct);
        var empty = await client.PostAsync(path, new FormUrlEncodedContent([]), Ct);
        var wrong = await client.PostAsync(path, new FormUrlEncodedContent([KeyValuePair.Create("List-Unsubscribe", "Yes")]), Ct);
        var huge = await client.PostAsync(path, new FormUrlEncodedContent([KeyValuePair.Create("List-Unsubscribe", "One-Click"), KeyValuePair.Create("pad", new string('x', 5_000))]), Ct);

        Assert.Equal(
            [HttpStatusCode.UnsupportedMediaType, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.RequestEntityTooLarge],
            new[] { json, empty, wrong, huge }.Select(r => r.StatusCode));
        Assert.Contains("We couldn't process that", await huge.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        await app.AssertNothingWrittenAsync("careful", "probe~careful~1");
    }
}
