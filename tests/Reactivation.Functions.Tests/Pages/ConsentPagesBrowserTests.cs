using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Reactivation.Core.Journeys;
using Reactivation.Core.Policy;
using Reactivation.Functions.Tests.Journeys;
using Xunit;

namespace Reactivation.Functions.Tests.Pages;

/// <summary>
/// The preference and unsubscribe pages in a real headless Chromium against the app on Azurite: the language people
/// see, ticking and saving, confirming an unsubscribe, and what the consent ledger then holds. Screenshots of every
/// page go to <c>tests/Reactivation.Functions.Tests/Screenshots/</c>.
/// </summary>
public sealed partial class ConsentPagesBrowserTests(AzuriteFixture azurite, ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_chinese_user_sees_the_preference_page_in_chinese_and_unticking_email_records_an_opt_out()
    {
        await using var app = await JourneyTestApp.StartAsync(azurite);
        await app.AddUserAsync("zh-user", "zh-CN");
        var page = await OpenAsync(app, app.PreferencesPath("probe~zh-user~1~sms~1"));

        Assert.Equal("zh-CN", await page.GetAttributeAsync("html", "lang"));
        var text = await page.InnerTextAsync("main");
        Assert.Matches(Han(), await page.InnerTextAsync("h1"));
        Assert.Contains("短信", text, StringComparison.Ordinal);
        Assert.Contains("电子邮件", text, StringComparison.Ordinal);
        Assert.DoesNotMatch(EnglishWords(), text);
        Assert.True(await page.IsCheckedAsync("#sms"));
        Assert.True(await page.IsCheckedAsync("#email"));
        await Screenshots.SaveAsync(page, "preferences-zh-CN.png");

        await page.UncheckAsync("#email");
        await page.ClickAsync("button[type=submit]");
        await page.WaitForSelectorAsync("h1.done");

        Assert.Contains("已保存您的设置", await page.InnerTextAsync("h1"), StringComparison.Ordinal);
        Assert.Contains("电子邮件：不接收营销消息", await page.InnerTextAsync("main"), StringComparison.Ordinal);
        await Screenshots.SaveAsync(page, "preferences-saved-zh-CN.png");
        var row = Assert.Single(await app.HistoryAsync("zh-user"));
        Assert.Equal((Channel.Email, ConsentState.OptedOut, "preferencePage"), (row.Channel, row.State, row.Source));
        Assert.Contains("HeadlessChrome", row.UserAgent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_english_user_sees_the_preference_page_in_english_and_toggling_both_channels_records_both()
    {
        await using var app = await JourneyTestApp.StartAsync(azurite);
        await app.AddUserAsync("en-user", "en-US");
        var page = await OpenAsync(app, app.PreferencesPath("probe~en-user~1~sms~1"));

        Assert.Equal("en-US", await page.GetAttributeAsync("html", "lang"));
        Assert.Equal("Choose the marketing messages you get", await page.InnerTextAsync("h1"));
        Assert.DoesNotMatch(Han(), await page.InnerTextAsync("main"));
        await Screenshots.SaveAsync(page, "preferences-en-US.png");

        await page.UncheckAsync("#sms");
        await page.UncheckAsync("#email");
        await page.ClickAsync("button:has-text(\"Save preferences\")");
        await page.WaitForSelectorAsync("h1.done");

        Assert.Equal("Your preferences are saved", await page.InnerTextAsync("h1"));
        Assert.Equal(
            [(Channel.Sms, ConsentState.OptedOut, "preferencePage"), (Channel.Email, ConsentState.OptedOut, "preferencePage")],
            (await app.HistoryAsync("en-user")).OrderBy(r => r.Channel).Select(r => (r.Channel, r.State, r.Source)));
    }

    [Fact]
    public async Task A_chinese_user_confirms_the_unsubscribe_page_and_only_the_click_opts_out()
    {
        await using var app = await JourneyTestApp.StartAsync(azurite);
        await app.AddUserAsync("zh-leaver", "zh-CN");
        var sendKey = await app.SmsSendKeyAsync("zh-leaver");
        var page = await OpenAsync(app, app.UnsubscribePath(sendKey));

        Assert.Equal("退订营销短信？", await page.InnerTextAsync("h1"));
        await Screenshots.SaveAsync(page, "unsubscribe-zh-CN.png");
        await app.AssertNothingWrittenAsync("zh-leaver", "probe~zh-leaver~1");

        await page.ClickAsync("button[type=submit]");
        await page.WaitForSelectorAsync("h1.done");

        Assert.Equal("您已成功退订", await page.InnerTextAsync("h1"));
        var row = Assert.Single(await app.HistoryAsync("zh-leaver"));
        Assert.Equal((Channel.Sms, ConsentState.OptedOut, "oneClick"), (row.Channel, row.State, row.Source));
    }

    [Fact]
    public async Task An_english_user_confirms_the_unsubscribe_page_for_an_email_and_is_opted_out_of_email()
    {
        await using var app = await JourneyTestApp.StartAsync(azurite);
        await app.AddUserAsync("en-leaver", "en-US");
        var page = await OpenAsync(app, app.UnsubscribePath("standard~en-leaver~1~gift-email~1"));

        Assert.Equal("Unsubscribe from marketing email?", await page.InnerTextAsync("h1"));
        await Screenshots.SaveAsync(page, "unsubscribe-en-US.png");
        await app.AssertNothingWrittenAsync("en-leaver");

        await page.ClickAsync("button:has-text(\"Unsubscribe\")");
        await page.WaitForSelectorAsync("h1.done");

        Assert.Equal("You are unsubscribed", await page.InnerTextAsync("h1"));
        await Screenshots.SaveAsync(page, "unsubscribed-en-US.png");
        var row = Assert.Single(await app.HistoryAsync("en-leaver"));
        Assert.Equal((Channel.Email, ConsentState.OptedOut, "oneClick"), (row.Channel, row.State, row.Source));
    }

    private async Task<IPage> OpenAsync(JourneyTestApp app, string path)
    {
        var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.App.Client.BaseAddress!.ToString(),
            ViewportSize = new ViewportSize { Width = 720, Height = 640 },
        });
        var page = await context.NewPageAsync();
        var response = await page.GotoAsync(path);
        Assert.Equal(200, response!.Status);
        return page;
    }

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex Han();

    // Whole English words of the page's own wording (masked contact points like c***@example.com are not wording).
    [GeneratedRegex(@"\b(Choose|marketing|Service|Save|Email|SMS)\b")]
    private static partial Regex EnglishWords();
}
