using Microsoft.DurableTask.Client;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Reactivation.Core.Journeys;
using Reactivation.Core.Policy;
using Reactivation.Core.Users;
using Reactivation.Functions.Tests.Journeys;
using Reactivation.Infra.Ingestion;
using Reactivation.Infra.Journeys;
using Reactivation.Infra.Links;
using Reactivation.Infra.Policy;
using Xunit;

namespace Reactivation.Functions.Tests.Pages;

/// <summary>Helpers shared by the page tests: users, links as paths on the test app, and what the consent tables hold.</summary>
public static partial class ConsentPageKit
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Creates a user with a phone, an email address and <paramref name="locale"/>.</summary>
    public static Task AddUserAsync(this JourneyTestApp app, string userId, string locale) =>
        app.Services.GetRequiredService<UserDirectory>().UpsertAsync(
            [new UserUpdate(userId, "+8613800138000", $"{userId}@example.com", "Asia/Shanghai", locale, "CN", null)], Ct);

    /// <summary>Starts the probe journey for <paramref name="userId"/> and runs it to its first send (SMS); answers that send's key.</summary>
    public static async Task<string> SmsSendKeyAsync(this JourneyTestApp app, string userId)
    {
        await app.Services.GetRequiredService<JourneyEnroller>().StartAsync(app.Services.GetRequiredService<DurableTaskClient>(), "probe", userId, null, Ct);
        await app.PumpAsync();
        return $"probe~{userId}~1~sms~1";
    }

    /// <summary>The path of the preference link for <paramref name="sendKey"/> (the minter's base is not the test app's).</summary>
    public static string PreferencesPath(this JourneyTestApp app, string sendKey) => new Uri(app.Services.GetRequiredService<LinkMinter>().PreferencesUrl(sendKey)).AbsolutePath;

    /// <summary>The path of the unsubscribe link for <paramref name="sendKey"/>.</summary>
    public static string UnsubscribePath(this JourneyTestApp app, string sendKey) => new Uri(app.Services.GetRequiredService<LinkMinter>().UnsubscribeUrl(sendKey)).AbsolutePath;

    /// <summary>The user's consent ledger, oldest first.</summary>
    public static Task<IReadOnlyList<ConsentRecord>> HistoryAsync(this JourneyTestApp app, string userId) =>
        app.Services.GetRequiredService<ConsentLedger>().HistoryAsync(userId, Ct);

    /// <summary>The user's current consent flags.</summary>
    public static Task<IReadOnlyList<ConsentFlag>> FlagsAsync(this JourneyTestApp app, string userId) =>
        app.Services.GetRequiredService<ConsentFlags>().GetAsync(userId, Ct);

    /// <summary>Asserts nothing at all is recorded for <paramref name="userId"/>: no ledger row, no flag, no journey event.</summary>
    public static async Task AssertNothingWrittenAsync(this JourneyTestApp app, string userId, string? instanceId = null)
    {
        Assert.Empty(await app.HistoryAsync(userId));
        Assert.Empty(await app.FlagsAsync(userId));
        if (instanceId is not null)
        {
            await app.PumpAsync();
            Assert.Empty((await app.StateAsync(instanceId)).OptedOut);
        }
    }

    /// <summary>Asserts every response is the friendly "link not valid" page (404, English without an Accept-Language).</summary>
    public static async Task AssertLinkNotValidAsync(params HttpResponseMessage[] responses)
    {
        foreach (var response in responses)
        {
            Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("This link no longer works", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }
    }

    /// <summary>Changes one character of a link token's MAC: still well formed, no longer signed by us.</summary>
    public static string Forge(string token) => token[..^2] + (token[^2] == 'A' ? 'B' : 'A') + token[^1];

    /// <summary>The anti-forgery field of a rendered preference form.</summary>
    public static string FormTokenOf(string html) => FormTokenField().Match(html) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException("no csrf field in the page");

    [GeneratedRegex("name=\"csrf\" value=\"([^\"]+)\"")]
    private static partial Regex FormTokenField();
}
