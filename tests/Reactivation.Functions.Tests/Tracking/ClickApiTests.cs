using Microsoft.DurableTask.Client;
using System.Net;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Reactivation.Core.Journeys;
using Reactivation.Core.Links;
using Reactivation.Core.Tracking;
using Reactivation.Infra.Policy;
using Reactivation.Infra.Tracking;
using Xunit;

namespace Reactivation.Functions.Tests.Tracking;

public sealed class ClickApiTests(AzuriteFixture azurite)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Five_simultaneous_human_clicks_are_all_recorded_raise_click_once_record_engagement_and_redirect_with_utm()
    {
        await using var kit = await ClickTestKit.StartAsync(azurite, "clicker");
        kit.App.Clock.Advance(TimeSpan.FromMinutes(5));
        var url = kit.Minter.TrackUrl(kit.SendKey, ClickTestKit.Destination, "sms");

        var responses = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => kit.ClickAsync(url)));
        Assert.Equal(5, (await kit.PumpClicksAsync()).Sum(m => PendingClick.Parse(m).Count));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Found, r.StatusCode));
        var location = responses[0].Headers.Location!;
        Assert.Equal("shop.example.com", location.Host);
        var query = QueryHelpers.ParseQuery(location.Query);
        Assert.Equal(("mail", "reactivation", "sms", "probe", "sms"),
            (query["ref"].ToString(), query["utm_source"].ToString(), query["utm_medium"].ToString(), query["utm_campaign"].ToString(), query["utm_content"].ToString()));
        var (clicks, first) = await kit.App.Services.GetRequiredService<ClickLedger>().ReadAsync(kit.SendKey, Ct);
        Assert.Equal(5, clicks.Count);
        Assert.All(clicks, c => Assert.Equal(ClickKind.Human, c.Kind));
        Assert.Contains(clicks, c => c.ClickId == first);
        var raised = Assert.Single(await kit.EventRowsAsync());
        Assert.Contains("click", raised.Detail, StringComparison.Ordinal);
        var (_, engagedAt) = await kit.App.Services.GetRequiredService<ContactLedger>().ReadAsync("clicker", DateTimeOffset.MinValue, Ct);
        Assert.Equal(kit.App.Clock.GetUtcNow(), engagedAt);

        await kit.App.PumpAsync();
        var state = await kit.App.StateAsync(kit.InstanceId);
        Assert.Equal((InstanceStatus.Completed, JourneyOutcome.Reactivated), (state.Status, state.Outcome));
    }

    [Theory]
    [InlineData("https://shop.example.com/回归礼", "https://shop.example.com/%E5%9B%9E%E5%BD%92%E7%A4%BC?utm_source=reactivation")]
    [InlineData("https://shop.example.com/search?q=中文", "https://shop.example.com/search?q=%E4%B8%AD%E6%96%87&utm_source=reactivation")]
    [InlineData("https://shop.example.com/café", "https://shop.example.com/caf%C3%A9?utm_source=reactivation")]
    public async Task A_link_to_a_non_ascii_destination_redirects_to_its_percent_encoded_uri(string destination, string expectedStart)
    {
        await using var kit = await ClickTestKit.StartAsync(azurite, "unicode-" + Math.Abs(destination.GetHashCode(StringComparison.Ordinal)));
        kit.App.Clock.Advance(TimeSpan.FromMinutes(5));

        var minted = await kit.ClickAsync(kit.Minter.TrackUrl(kit.SendKey, destination, "sms"));

        // A link minted before destinations were normalised carries the raw IRI in its token; it redirects the same way.
        var raw = LinkToken.Create(kit.Minter.Keyring, LinkPurpose.Track, kit.SendKey, destination + (destination.Contains('?') ? "&" : "?") + "utm_source=reactivation",
            kit.App.Clock.GetUtcNow().AddDays(1));
        var older = await kit.ClickAsync($"{kit.Minter.Options.PublicBaseUrl}/r/{raw}");

        Assert.Equal((HttpStatusCode.Found, HttpStatusCode.Found), (minted.StatusCode, older.StatusCode));
        Assert.StartsWith(expectedStart, minted.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(expectedStart, older.Headers.Location!.OriginalString);
        Assert.Equal(2, (await kit.PumpClicksAsync()).Sum(m => PendingClick.Parse(m).Count));
    }

    [Fact]
    public async Task Scanner_head_prefetch_and_too_soon_clicks_are_stored_marked_with_the_reason_and_raise_nothing()
    {
        await using var kit = await ClickTestKit.StartAsync(azurite, "scanned");
        var url = kit.Minter.TrackUrl(kit.SendKey, ClickTestKit.Destination);

        var tooSoon = await kit.ClickAsync(url);
        kit.App.Clock.Advance(TimeSpan.FromMinutes(5));
        var answers = new[]
        {
            tooSoon,
            await kit.ClickAsync(url, userAgent: "Mozilla/5.0 (compatible; SafeLinks/1.0)"),
            await kit.ClickAsync(url, method: "HEAD"),
            await kit.ClickAsync(url, headers: ("Sec-Purpose", "prefetch")),
            await kit.ClickAsync(url, headers: ("Purpose", "prefetch")),
        };
        await kit.PumpClicksAsync();

        Assert.All(answers, r => Assert.Equal(HttpStatusCode.Found, r.StatusCode));
        var (clicks, first) = await kit.App.Services.GetRequiredService<ClickLedger>().ReadAsync(kit.SendKey, Ct);
        Assert.Null(first);
        Assert.All(clicks, c => Assert.Equal(ClickKind.Scanner, c.Kind));
        Assert.Equal(
            ["0 s after delivery", "HEAD request", "speculative load (prefetch)", "speculative load (prefetch)", "user agent names a machine (safelinks)"],
            clicks.Select(c => c.Reason!).Order(StringComparer.Ordinal));
        Assert.Empty(await kit.EventRowsAsync());
        var (_, engagedAt) = await kit.App.Services.GetRequiredService<ContactLedger>().ReadAsync("scanned", DateTimeOffset.MinValue, Ct);
        Assert.Null(engagedAt);

        // A person after the scanners is still the first human click.
        var person = await kit.ClickAsync(url);
        await kit.PumpClicksAsync();
        Assert.Equal(HttpStatusCode.Found, person.StatusCode);
        Assert.Single(await kit.EventRowsAsync());
    }

    [Fact]
    public async Task Tampered_expired_unknown_key_wrong_purpose_and_disallowed_links_get_the_friendly_page_and_write_nothing()
    {
        await using var kit = await ClickTestKit.StartAsync(azurite, "refused");
        kit.App.Clock.Advance(TimeSpan.FromMinutes(5));
        var keyring = kit.Minter.Keyring;
        var now = kit.App.Clock.GetUtcNow();
        var good = LinkToken.Create(keyring, LinkPurpose.Track, kit.SendKey, ClickTestKit.Destination, now.AddDays(1));
        var tampered = good[..^2] + (good[^2] == 'A' ? 'B' : 'A') + good[^1];
        var stranger = LinkKeyring.Create(new Dictionary<string, byte[]> { ["zz"] = new byte[32] }, "zz").Keyring!;
        var tokens = new[]
        {
            tampered,
            LinkToken.Create(keyring, LinkPurpose.Track, kit.SendKey, ClickTestKit.Destination, now.AddSeconds(-1)),
            LinkToken.Create(stranger, LinkPurpose.Track, kit.SendKey, ClickTestKit.Destination, now.AddDays(1)),
            LinkToken.Create(keyring, LinkPurpose.Unsubscribe, kit.SendKey, "", now.AddDays(1)),
            LinkToken.Create(keyring, LinkPurpose.Track, kit.SendKey, "https://evil.example.net/", now.AddDays(1)),
            LinkToken.Create(keyring, LinkPurpose.Track, kit.SendKey, "javascript:alert(1)", now.AddDays(1)),
            LinkToken.Create(keyring, LinkPurpose.Track, "not-a-send-key", ClickTestKit.Destination, now.AddDays(1)),
            "garbage",
        };

        foreach (var token in tokens)
        {
            var response = await kit.ClickAsync($"http://x/r/{token}");
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("This link no longer works", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
            Assert.Null(response.Headers.Location);
        }

        Assert.Empty(await kit.PumpClicksAsync());
        Assert.Equal(0, await kit.App.Services.GetRequiredService<ClickLedger>().CountAsync(Ct));
        Assert.Empty(await kit.EventRowsAsync());
        Assert.Equal(HttpStatusCode.Found, (await kit.ClickAsync($"http://x/r/{good}")).StatusCode);
        Assert.Single(await kit.PumpClicksAsync());
        Assert.Equal(1, await kit.App.Services.GetRequiredService<ClickLedger>().CountAsync(Ct));
    }

    [Fact]
    public async Task A_click_is_queued_before_the_redirect_and_a_redelivered_message_is_credited_once()
    {
        await using var kit = await ClickTestKit.StartAsync(azurite, "redelivered");
        kit.App.Clock.Advance(TimeSpan.FromMinutes(5));
        var url = kit.Minter.TrackUrl(kit.SendKey, ClickTestKit.Destination, "sms");

        // The redirect is answered before anything is credited: the click exists only as its queued message.
        Assert.Equal(HttpStatusCode.Found, (await kit.ClickAsync(url)).StatusCode);
        Assert.Equal(0, await kit.App.Services.GetRequiredService<ClickLedger>().CountAsync(Ct));
        Assert.Empty(await kit.EventRowsAsync());

        // The worker crashed after crediting and before deleting the message: the host delivers it again.
        var message = Assert.Single(await kit.PumpClicksAsync());
        var again = await kit.App.Services.GetRequiredService<Reactivation.Functions.Handlers.ClickWorkHandler>().HandleAsync(message, kit.App.Client, Ct);

        Assert.Contains("first human click", again, StringComparison.Ordinal);
        var (clicks, first) = await kit.App.Services.GetRequiredService<ClickLedger>().ReadAsync(kit.SendKey, Ct);
        Assert.Equal(first, Assert.Single(clicks).ClickId);
        Assert.Single(await kit.EventRowsAsync());
        var audited = (await kit.App.Services.GetRequiredService<Reactivation.Infra.Audit.AuditTrail>().ReadAsync("redelivered", 100, Ct))
            .Where(e => e.Kind == Reactivation.Core.Audit.AuditKinds.Click).ToList();
        Assert.Equal(("user", "redelivered"), (Assert.Single(audited).Actor, audited[0].UserId));
    }
}
