using Microsoft.Playwright;
using Xunit;

namespace Reactivation.Functions.Tests.Pages;

/// <summary>Full-page screenshots of browser tests, kept in <c>tests/Reactivation.Functions.Tests/Screenshots/</c> and linked from the README.</summary>
public static class Screenshots
{
    /// <summary>Saves <paramref name="page"/> as <paramref name="name"/> and checks the file holds an image.</summary>
    public static async Task SaveAsync(IPage page, string name)
    {
        var folder = Path.Combine(Repository.Root(), "tests", "Reactivation.Functions.Tests", "Screenshots");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        Assert.True(new FileInfo(path).Length > 1_000, $"{name} is empty");
    }
}
