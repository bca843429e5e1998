using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Reactivation.Functions.Tests.Journeys;
using Reactivation.Functions.Tests.Pages;
using Xunit;

namespace Reactivation.Functions.Tests.Measurement;

/// <summary>
/// The journey map page in real headless Chromium: a box per step with the live counts of seeded data, labelled paths,
/// the holdout beside it, in the reader's language, reached from the report page. Screenshots go to <c>Screenshots/</c>.
/// </summary>
public sealed partial class JourneyMapPageBrowserTests(AzuriteFixture azurite, ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("en-US", "journey-map-en-US.png")]
    [InlineData("zh-CN", "journey-map-zh-CN.png")]
    public async Task A_browser_reaches_the_map_from_the_report_and_sees_a_box_per_step_with_the_counts_of_the_seeded_journey(string locale, string screenshot)
    {
        var seed = await JourneyMapSeed.StartAsync(azurite);
        await using var app = seed.App;
        var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.App.Client.BaseAddress!.ToString(),
            Locale = locale,
            ExtraHTTPHeaders = new Dictionary<string, string> { ["Accept-Language"] = locale },
            ViewportSize = new ViewportSize { Width = 1300, Height = 900 },
        });
        var page = await context.NewPageAsync();
        var problems = new List<string>();
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

        await page.GotoAsync($"/api/reports/journeys/measured?code={JourneyTestApp.AdminKey}");
        var response = await page.RunAndWaitForResponseAsync(() => page.Locator("#map-link").ClickAsync(), r => new Uri(r.Url).AbsolutePath.EndsWith("/map", StringComparison.Ordinal));
        // The map itself, with patience for a machine running the whole suite: a wait on the page's load event timed out
        // there once after the map had arrived (the network idle already).
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath.EndsWith("/map", StringComparison.Ordinal), new PageWaitForURLOptions { WaitUntil = WaitUntilState.DOMContentLoaded, Timeout = 90_000 });
        await page.Locator("#journey-map").WaitForAsync(new LocatorWaitForOptions { Timeout = 90_000 });

        Assert.Equal(200, response.Status);
        Assert.EndsWith("/api/reports/journeys/measured/map", new Uri(page.Url).AbsolutePath, StringComparison.Ordinal);
        Assert.StartsWith("text/html", response.Headers["content-type"], StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("script").CountAsync());
        Assert.True(await page.Locator("#journey-map").IsVisibleAsync());
        Assert.Equal(4, await page.Locator("#journey-map g.step").CountAsync());
        foreach (var step in new[] { "sms", "wait-click", "won", "lost" })
        {
            Assert.True(await page.Locator($"#step-{step} rect").IsVisibleAsync(), $"{step} is drawn");
        }

        Assert.Equal(3, await page.Locator("#journey-map g.edge").CountAsync());
        Assert.Equal(seed.Users.ToString(), await Count(page, "sms", "entered"));
        Assert.Equal(seed.Treated.Count.ToString(), await Count(page, "sms", "sent"));
        Assert.Equal(seed.Users.ToString(), await Count(page, "wait-click", "entered"));
        Assert.Equal(seed.Waiting.ToString(), await Count(page, "wait-click", "waiting"));
        Assert.Equal(seed.Returned.Count.ToString(), await Count(page, "wait-click", "exited"));
        Assert.Equal(seed.Clicked.Count.ToString(), await Count(page, "won", "entered"));
        Assert.Equal(seed.Clicked.Count.ToString(), await Count(page, "won", "exited"));
        Assert.Equal("0", await Count(page, "lost", "entered"));
        Assert.Equal(seed.Control.Count.ToString(), await page.Locator("#holdout-control").GetAttributeAsync("data-count"));
        var labels = await page.Locator("#journey-map g.edge").EvaluateAllAsync<string[]>("gs => gs.map(g => g.getAttribute('data-label'))");
        Assert.Equal(locale == "zh-CN" ? ["下一步", "收到 click", "超时 2d"] : ["next", "on click", "timeout 2d"], labels);
        var text = await page.Locator("body").InnerTextAsync();
        Assert.Equal(locale == "zh-CN", Han().IsMatch(text));
        Assert.Empty(problems);
        await Screenshots.SaveAsync(page, screenshot);

        await page.Locator("#report-link").ClickAsync();
        await page.WaitForURLAsync(new Regex("/api/reports/journeys/measured\\?"), new PageWaitForURLOptions { WaitUntil = WaitUntilState.Commit, Timeout = 90_000 });
        Assert.Equal("/api/reports/journeys/measured", new Uri(page.Url).AbsolutePath);
    }

    [Theory]
    [InlineData("standard")]
    [InlineData("every-path")]
    public async Task A_larger_journey_draws_every_step_as_a_visible_box_and_no_two_boxes_overlap_on_screen(string journey)
    {
        var json = journey == "every-path"
            ? JourneyMapLayoutTests.EveryPathJson
            : await File.ReadAllTextAsync(Path.Combine(Repository.Root(), "functions", "journeys", journey + ".json"), Ct);
        var (definition, problems) = Core.Journeys.JourneyJson.Parse(json, journey);
        Assert.True(definition is not null, string.Join("; ", problems));
        var html = Functions.Pages.JourneyMapHtml.Render(
            Functions.Pages.JourneyMapLayout.Of(definition), Infra.Measurement.JourneyMapCounter.Count(definition, [], [], 5), "en-US", null);
        var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1300, Height = 900 } });
        var page = await context.NewPageAsync();

        await page.SetContentAsync(html);

        var boxes = new List<(string Step, LocatorBoundingBoxResult Box)>();
        foreach (var step in definition.Steps)
        {
            var box = await page.Locator($"#step-{step.Id} rect").BoundingBoxAsync();
            Assert.True(box is { Width: > 50, Height: > 50 }, $"{step.Id} is drawn");
            boxes.Add((step.Id, box!));
        }

        foreach (var (a, i) in boxes.Select((b, i) => (b, i)))
        {
            Assert.All(boxes.Skip(i + 1), b => Assert.False(
                a.Box.X < b.Box.X + b.Box.Width && b.Box.X < a.Box.X + a.Box.Width && a.Box.Y < b.Box.Y + b.Box.Height && b.Box.Y < a.Box.Y + a.Box.Height,
                $"{a.Step} overlaps {b.Step}"));
        }

        Assert.Equal(definition.Steps.Sum(s => s.Exits().Count()), await page.Locator("#journey-map g.edge").CountAsync());
        await Screenshots.SaveAsync(page, $"journey-map-{journey}-en-US.png");
    }

    [Fact]
    public async Task Without_the_admin_key_the_map_page_is_refused_with_a_problem()
    {
        await using var app = await MeasuredJourney.StartAsync(azurite);
        using var anonymous = new HttpClient { BaseAddress = app.App.Client.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/reports/journeys/measured/map");
        request.Headers.Accept.ParseAdd("text/html");

        using var response = await anonymous.SendAsync(request, Ct);

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("<svg", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_journey_has_no_map_and_answers_404_as_a_problem()
    {
        await using var app = await MeasuredJourney.StartAsync(azurite);

        using var response = await app.App.Client.GetAsync("/api/reports/journeys/no-such-journey/map", Ct);

        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    // SVG text is no HTMLElement, so its text content, not its inner text.
    private static async Task<string?> Count(IPage page, string step, string count) =>
        await page.Locator($"#step-{step} [data-count={count}]").TextContentAsync();

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex Han();
}
