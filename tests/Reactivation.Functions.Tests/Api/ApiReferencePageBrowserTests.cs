using Microsoft.Playwright;
using Reactivation.Functions.Hosting.OpenApi;
using Reactivation.Functions.Tests.Pages;
using Xunit;

namespace Reactivation.Functions.Tests.Api;

public sealed class ApiReferencePageBrowserTests(AzuriteFixture azurite, ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    [Fact]
    public async Task A_browser_without_a_key_opens_the_api_reference_and_sees_the_operations_of_the_served_document()
    {
        await using var app = await RunningApp.StartAsync(azurite);
        var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.Client.BaseAddress!.ToString() });
        var page = await context.NewPageAsync();
        var failures = new List<string>();
        page.Response += (_, answer) =>
        {
            if (answer.Status >= 400 && !answer.Url.EndsWith("/favicon.ico", StringComparison.Ordinal))
            {
                failures.Add($"{answer.Status} {answer.Url}");
            }
        };
        page.PageError += (_, error) => failures.Add(error);

        var document = await page.RunAndWaitForResponseAsync(
            () => page.GotoAsync(ApiDocument.ReferencePath), r => new Uri(r.Url).AbsolutePath == ApiDocument.DocumentPath);
        var title = page.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = "Reactivation engine", Exact = true });
        await title.WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        var instances = page.GetByText("Instances", new PageGetByTextOptions { Exact = true }).First;

        Assert.Equal(200, document.Status);
        Assert.True(await title.IsVisibleAsync());
        Assert.True(await instances.IsVisibleAsync(), "the sidebar does not list the Instances group");
        Assert.Empty(failures);
        await context.CloseAsync();
    }
}
