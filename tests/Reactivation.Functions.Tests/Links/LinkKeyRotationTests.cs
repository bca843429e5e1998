using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Reactivation.Core.Links;
using Reactivation.Core.Policy;
using Reactivation.Functions.Cli;
using Reactivation.Functions.Tests.Journeys;
using Reactivation.Functions.Tests.Pages;
using Reactivation.Infra.Links;
using Reactivation.Infra.Local;
using Reactivation.Infra.Offers;
using Xunit;

namespace Reactivation.Functions.Tests.Links;

/// <summary>
/// Links minted under one key configuration keep working after the configuration changes the ways the README describes:
/// configuring keys for the first time, rotating the storage account key, and rotating with <c>links keys new</c>; only
/// retiring a key on purpose stops its links.
/// </summary>
public sealed class LinkKeyRotationTests(AzuriteFixture azurite)
{
    private const string Shop = "https://shop.example.com/sale";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Configuring_links_keys_for_the_first_time_keeps_every_link_signed_with_the_derived_key_working()
    {
        var prefix = Prefix();
        var sent = await SendLinksAsync(azurite, Settings(prefix), "first-config");
        Assert.All(sent.Tokens, t => Assert.StartsWith("d1.", t, StringComparison.Ordinal));

        await using var configured = await JourneyTestApp.StartAsync(azurite, publishProbe: false, extra: Settings(prefix, ("Links:Keys:k1", Convert.ToBase64String(new byte[32].Select((_, i) => (byte)(i + 7)).ToArray()))));

        Assert.StartsWith("k1.", Token(configured.Services.GetRequiredService<LinkMinter>().UnsubscribeUrl("probe~first-config~1~sms~2")), StringComparison.Ordinal);
        await AssertStillWorkAsync(configured, sent);
    }

    [Fact]
    public async Task Rotating_the_storage_account_key_keeps_links_signed_before_it_working()
    {
        var (key1, key2) = (Convert.ToBase64String(new byte[64].Select((_, i) => (byte)i).ToArray()), Convert.ToBase64String(new byte[64].Select((_, i) => (byte)(255 - i)).ToArray()));
        await using var storage = await AzuriteProcess.StartAsync(accounts: $"rotating:{key1}:{key2}", cancellationToken: Ct);
        var (before, after) = (storage.ConnectionStringFor("rotating", key1), storage.ConnectionStringFor("rotating", key2));
        Assert.NotEqual(CouponSecrets.FromStorageKey(before), CouponSecrets.FromStorageKey(after));
        var sent = await SendLinksAsync(azurite, Settings(Prefix(), ("Storage:ConnectionString", before)), "storage-key");

        await using var rotated = await JourneyTestApp.StartAsync(azurite, publishProbe: false, extra: Settings(sent.Prefix, ("Storage:ConnectionString", after)));

        await AssertStillWorkAsync(rotated, sent);
    }

    [Fact]
    public async Task A_key_made_by_links_keys_new_signs_once_current_while_the_old_one_verifies_until_it_is_retired_on_purpose()
    {
        var prefix = Prefix();
        var sent = await SendLinksAsync(azurite, Settings(prefix), "cli-rotation");
        string made;
        await using (var operatorSide = await JourneyTestApp.StartAsync(azurite, publishProbe: false, extra: Settings(prefix)))
        {
            var output = new StringWriter();
            await LinksCommand.NewAsync(operatorSide.Services.GetRequiredService<LinkKeyStore>(), DateTimeOffset.UtcNow, output, Ct);
            made = Assert.Single(System.Text.RegularExpressions.Regex.Matches(output.ToString(), "made link key '(k[0-9]+)'")).Groups[1].Value;
        }

        await using (var rotated = await JourneyTestApp.StartAsync(azurite, publishProbe: false, extra: Settings(prefix, ("Links:CurrentKeyId", made))))
        {
            Assert.StartsWith(made + ".", Token(rotated.Services.GetRequiredService<LinkMinter>().UnsubscribeUrl("probe~cli-rotation~1~sms~2")), StringComparison.Ordinal);
            await AssertStillWorkAsync(rotated, sent);

            var store = rotated.Services.GetRequiredService<LinkKeyStore>();
            var options = rotated.Services.GetRequiredService<SignedLinkOptions>();
            var list = new StringWriter();
            await LinksCommand.ListAsync(store, options, DateTimeOffset.UtcNow, list, Ct);
            Assert.Matches($@"signing new links: {made}\b", list.ToString());
            Assert.Matches(@"\n  d1 +verifying .* \d{4}-\d\d-\d\d \d\d:\d\dZ +derived from the coupon secret, stored", list.ToString());

            var early = await Assert.ThrowsAsync<InvalidOperationException>(() => LinksCommand.RetireAsync(store, options, "d1", force: false, DateTimeOffset.UtcNow, TextWriter.Null, Ct));
            Assert.Contains("retiring it now breaks them", early.Message, StringComparison.Ordinal);
            var signing = await Assert.ThrowsAsync<InvalidOperationException>(() => LinksCommand.RetireAsync(store, options, made, force: true, DateTimeOffset.UtcNow, TextWriter.Null, Ct));
            Assert.Contains("still signs new links", signing.Message, StringComparison.Ordinal);
            Assert.Equal(0, await LinksCommand.RetireAsync(store, options, "d1", force: true, DateTimeOffset.UtcNow, TextWriter.Null, Ct));
        }

        await using var afterRetirement = await JourneyTestApp.StartAsync(azurite, publishProbe: false, extra: Settings(prefix, ("Links:CurrentKeyId", made)));
        using var client = NoRedirects(afterRetirement);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/r/" + sent.Tokens[0], Ct)).StatusCode);
        var fresh = Token(afterRetirement.Services.GetRequiredService<LinkMinter>().TrackUrl("probe~cli-rotation~1~sms~1", Shop));
        Assert.Equal(HttpStatusCode.Found, (await client.GetAsync("/r/" + fresh, Ct)).StatusCode);
    }

    private sealed record SentLinks(string Prefix, string UserId, string[] Tokens);

    private static string Prefix() => "lk" + Guid.NewGuid().ToString("N")[..10];

    private static Dictionary<string, string?> Settings(string prefix, params (string Key, string? Value)[] more)
    {
        var settings = new Dictionary<string, string?> { ["Storage:Prefix"] = prefix };
        foreach (var (key, value) in more)
        {
            settings[key] = value;
        }

        return settings;
    }

    // A journey's first send, and the tracked and unsubscribe links it carries, under the first configuration.
    private static async Task<SentLinks> SendLinksAsync(AzuriteFixture azurite, Dictionary<string, string?> settings, string userId)
    {
        await using var app = await JourneyTestApp.StartAsync(azurite, extra: settings);
        await app.AddUserAsync(userId, "en-US");
        var sendKey = await app.SmsSendKeyAsync(userId);
        var minter = app.Services.GetRequiredService<LinkMinter>();
        return new SentLinks(settings["Storage:Prefix"]!, userId, [Token(minter.TrackUrl(sendKey, Shop)), Token(minter.UnsubscribeUrl(sendKey))]);
    }

    private static async Task AssertStillWorkAsync(JourneyTestApp app, SentLinks sent)
    {
        using var client = NoRedirects(app);
        var click = await client.GetAsync("/r/" + sent.Tokens[0], Ct);
        Assert.Equal(HttpStatusCode.Found, click.StatusCode);
        Assert.StartsWith(Shop, click.Headers.Location!.ToString(), StringComparison.Ordinal);

        var unsubscribe = await client.PostAsync("/u/" + sent.Tokens[1], new FormUrlEncodedContent([KeyValuePair.Create("List-Unsubscribe", "One-Click")]), Ct);
        Assert.Equal(HttpStatusCode.OK, unsubscribe.StatusCode);
        Assert.Equal(ConsentState.OptedOut, Assert.Single(await app.FlagsAsync(sent.UserId)).State);
    }

    private static HttpClient NoRedirects(JourneyTestApp app) =>
        new(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = app.App.Client.BaseAddress };

    private static string Token(string url) => url[(url.LastIndexOf('/') + 1)..];
}
