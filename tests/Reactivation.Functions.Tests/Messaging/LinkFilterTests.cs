using Reactivation.Core.Links;
using Reactivation.Infra.Journeys;
using Reactivation.Infra.Links;
using Xunit;

namespace Reactivation.Functions.Tests.Messaging;

/// <summary>The Liquid <c>track</c> filter and the consent-link variables sign every link a message carries.</summary>
public sealed class LinkFilterTests
{
    private const string SendKey = "standard~u1~1~mail~1";

    [Fact]
    public void The_track_filter_renders_a_click_back_whose_token_verifies_to_the_send_and_the_destination()
    {
        var catalogue = TemplateCatalogueTests.Load("""
            { "mail": { "channel": "email", "locales": { "en-US": { "subject": "Hi", "body": "Go {{ 'https://shop.example.com/sale?a=1' | track }} or unsubscribe: {{ unsubscribe_url }} {{ preferences_url }}" } } } }
            """);

        var body = catalogue.Render("mail", "en-US", new Dictionary<string, string?>(), SendKey).Body;

        var words = body.Split(' ');
        var track = Assert.Single(words, w => w.Contains("/r/", StringComparison.Ordinal));
        Assert.StartsWith(new SignedLinkOptions().PublicBaseUrl + "/r/", track, StringComparison.Ordinal);
        var (claims, refusal) = LinkToken.Verify(LinkMinter.Sample.Keyring, track.Split("/r/")[1], LinkPurpose.Track, DateTimeOffset.UtcNow);
        Assert.Equal(LinkRefusal.None, refusal);
        // The UTM parameters are signed into the destination at render time, so the click-back reads nothing to add them.
        Assert.Equal((SendKey, "https://shop.example.com/sale?a=1&utm_source=reactivation&utm_medium=email&utm_campaign=standard&utm_content=mail"),
            (claims!.Subject, claims.Destination));
        var unsubscribe = Assert.Single(words, w => w.Contains("/u/", StringComparison.Ordinal));
        Assert.Equal(SendKey, LinkToken.Verify(LinkMinter.Sample.Keyring, unsubscribe.Split("/u/")[1], LinkPurpose.Unsubscribe, DateTimeOffset.UtcNow).Claims?.Subject);
        Assert.Single(words, w => w.Contains("/p/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Renders_running_at_once_on_one_parsed_template_each_sign_their_links_for_their_own_send()
    {
        var catalogue = TemplateCatalogueTests.Load("""
            { "mail": { "channel": "email", "locales": { "en-US": { "subject": "Hi", "body": "{{ 'https://shop.example.com/sale' | track }} unsubscribe" } } } }
            """);
        var sends = Enumerable.Range(0, 400).Select(i => $"standard~u{i}~1~mail~1").ToList();

        var rendered = await Task.WhenAll(sends.Select(send => Task.Run(() => (send, catalogue.Render("mail", "en-US", new Dictionary<string, string?>(), send).Body), TestContext.Current.CancellationToken)));

        Assert.All(rendered, r => Assert.Equal(r.send,
            LinkToken.Verify(LinkMinter.Sample.Keyring, r.Body.Split(' ')[0].Split("/r/")[1], LinkPurpose.Track, DateTimeOffset.UtcNow).Claims?.Subject));
    }

    [Fact]
    public void A_literal_link_to_a_destination_off_the_allow_list_stops_the_load()
    {
        var error = Assert.Throws<InvalidOperationException>(() => TemplateCatalogueTests.Load("""
            { "mail": { "channel": "email", "locales": { "en-US": { "subject": "Hi", "body": "Go {{ \"https://evil.example.net/\" | track }}. unsubscribe" } } } }
            """));

        Assert.Contains("mail.en-US.body: tracks a link to 'https://evil.example.net/', which is not an allowed destination", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_literal_link_with_non_ascii_characters_loads_and_is_signed_as_a_percent_encoded_uri()
    {
        var catalogue = TemplateCatalogueTests.Load("""
            { "mail": { "channel": "email", "locales": { "zh-CN": { "subject": "回来", "body": "去 {{ 'https://shop.example.com/回归礼?q=中文' | track }} 退订 {{ unsubscribe_url }}" } } } }
            """);

        var body = catalogue.Render("mail", "zh-CN", new Dictionary<string, string?>(), SendKey).Body;

        var track = Assert.Single(body.Split(' '), w => w.Contains("/r/", StringComparison.Ordinal));
        var claims = LinkToken.Verify(LinkMinter.Sample.Keyring, track.Split("/r/")[1], LinkPurpose.Track, DateTimeOffset.UtcNow).Claims!;
        Assert.StartsWith("https://shop.example.com/%E5%9B%9E%E5%BD%92%E7%A4%BC?q=%E4%B8%AD%E6%96%87&utm_source=", claims.Destination, StringComparison.Ordinal);
    }

    [Fact]
    public void A_computed_link_off_the_allow_list_or_a_link_rendered_without_a_send_fails_the_render()
    {
        var catalogue = TemplateCatalogueTests.Load("""
            { "mail": { "channel": "email", "locales": { "en-US": { "subject": "Hi", "body": "{% assign d = 'https://evil.example.net/' %}{% if variant == 'b' %}{% assign d = 'https://shop.example.com/' %}{% endif %}Go {{ d | track }}. unsubscribe" } } } }
            """);

        var offList = Assert.ThrowsAny<Exception>(() => catalogue.Render("mail", "en-US", new Dictionary<string, string?> { ["variant"] = "a" }, SendKey));
        Assert.Contains("not an allowed destination", offList.Message, StringComparison.Ordinal);
        Assert.Contains("/r/", catalogue.Render("mail", "en-US", new Dictionary<string, string?> { ["variant"] = "b" }, SendKey).Body, StringComparison.Ordinal);
        var noSend = Assert.ThrowsAny<Exception>(() => catalogue.Render("mail", "en-US", new Dictionary<string, string?> { ["variant"] = "b" }));
        Assert.Contains("needs a send", noSend.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_shipped_marketing_email_carries_a_tracked_link_and_its_preference_and_unsubscribe_links()
    {
        var catalogue = TemplateCatalogue.Load(JourneyOptions.Resolve(new JourneyOptions().TemplatesPath));

        foreach (var (id, channel) in catalogue.Channels.Where(c => c.Value == Core.Journeys.Channel.Email))
        {
            foreach (var locale in new[] { "zh-CN", "en-US" })
            {
                var body = catalogue.Render(id, locale, new Dictionary<string, string?>(), SendKey).Body;
                Assert.All(new[] { "/r/", "/u/", "/p/" }, path => Assert.Contains(path, body, StringComparison.Ordinal));
            }
        }
    }
}
