using Microsoft.DurableTask.Client;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Reactivation.Core.Activity;
using Reactivation.Functions.Tests.Journeys;
using Reactivation.Functions.Tests.Pages;
using Reactivation.Infra.Journeys;
using Reactivation.Infra.Measurement;
using Xunit;

namespace Reactivation.Functions.Tests.Measurement;

/// <summary>
/// The journey report page in real headless Chromium: the charts the server drew, in the reader's language, with no
/// script and nothing blocked by the page's content security policy. Screenshots go to <c>Screenshots/</c>.
/// </summary>
public sealed partial class ReportPageBrowserTests(AzuriteFixture azurite, ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("en-US", "report-en-US.png")]
    [InlineData("zh-CN", "report-zh-CN.png")]
    public async Task A_browser_shows_the_report_with_its_funnel_lift_interval_and_trend_drawn_by_the_server(string locale, string screenshot)
    {
        await using var app = await MeasuredJourney.StartAsync(azurite);
        var users = Enumerable.Range(1, 40).Select(i => $"b{i:D2}").ToArray();
        var (treated, control) = await MeasuredJourney.EnrollAsync(app, users);
        app.Clock.Advance(TimeSpan.FromDays(1));
        var at = app.Clock.GetUtcNow();
        var activity = treated.Take(12).Concat(control.Take(3)).Select(u => new ActivityEvent($"login-{u}", u, ActivityType.Login, at)).ToList();
        await app.Services.GetRequiredService<JourneyEvents>().RaiseFromActivityAsync(app.Services.GetRequiredService<DurableTaskClient>(), activity, 4, Ct);
        await app.PumpAsync();
        await app.Services.GetRequiredService<MetricsStore>().RollUpAsync(Ct);

        var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.App.Client.BaseAddress!.ToString(),
            Locale = locale,
            ExtraHTTPHeaders = new Dictionary<string, string> { ["Accept-Language"] = locale },
            ViewportSize = new ViewportSize { Width = 1100, Height = 900 },
        });
        var page = await context.NewPageAsync();
        var problems = new List<string>();
        // Anything the policy blocked is a console error; a failed request other than the browser's own favicon probe is a bug.
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
            {
                problems.Add(message.Text);
            }
        };
        page.Response += (_, answer) =>
        {
            if (answer.Status >= 400 && !answer.Url.EndsWith("/favicon.ico", StringComparison.Ordinal))
            {
                problems.Add($"{answer.Status} {answer.Url}");
            }
        };
        page.PageError += (_, error) => problems.Add(error);
        var response = await page.GotoAsync($"/api/reports/journeys/measured?code={JourneyTestApp.AdminKey}");

        Assert.Equal(200, response!.Status);
        Assert.StartsWith("text/html", response.Headers["content-type"], StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("script").CountAsync());
        Assert.True(await page.Locator("#funnel-chart").IsVisibleAsync());
        Assert.True(await page.Locator("#trend-chart").IsVisibleAsync());
        var interval = page.Locator("#lift-chart line.ci");
        Assert.Equal(1, await interval.CountAsync());
        var box = await interval.BoundingBoxAsync();
        Assert.True(box is { Width: > 10 }, "the confidence interval is drawn as a bar of visible width");
        var text = await page.Locator("body").InnerTextAsync();
        Assert.Equal(locale == "zh-CN", Han().IsMatch(text));
        Assert.Contains("measured", text, StringComparison.Ordinal);
        Assert.Empty(problems);
        await Screenshots.SaveAsync(page, screenshot);
    }

    [Fact]
    public async Task Without_the_admin_key_the_report_page_is_refused()
    {
        await using var app = await MeasuredJourney.StartAsync(azurite);
        using var anonymous = new HttpClient { BaseAddress = app.App.Client.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/reports/journeys/measured");
        request.Headers.Accept.ParseAdd("text/html");

        using var response = await anonymous.SendAsync(request, Ct);

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex Han();
}
