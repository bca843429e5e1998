using Reactivation.Core.Tracking;
using Xunit;

namespace Reactivation.Core.Tests.Tracking;

public sealed class ClickClassifierTests
{
    private static readonly DateTimeOffset Delivered = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
    private const string Phone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1";

    [Fact]
    public void A_phone_browser_a_minute_after_delivery_is_a_person() =>
        Assert.Equal(ClickKind.Human, Classify("GET", Phone, null, TimeSpan.FromMinutes(1)).Kind);

    [Theory]
    [InlineData("HEAD", Phone, null, 600, "HEAD request")]
    [InlineData("GET", Phone, "prefetch", 600, "speculative load (prefetch)")]
    [InlineData("GET", null, null, 600, "no user agent")]
    [InlineData("GET", "Mozilla/5.0 (compatible; SafeLinks/1.0)", null, 600, "user agent names a machine (safelinks)")]
    [InlineData("GET", "python-requests/2.31", null, 600, "user agent names a machine (python-requests)")]
    [InlineData("GET", Phone, null, 3, "3 s after delivery")]
    public void Scanners_previews_prefetches_and_too_fast_clicks_are_marked_with_the_reason(string method, string? agent, string? purpose, int secondsAfter, string why)
    {
        var (kind, reason) = Classify(method, agent, purpose, TimeSpan.FromSeconds(secondsAfter));

        Assert.Equal((ClickKind.Scanner, why), (kind, reason));
    }

    [Fact]
    public void Without_a_delivery_time_only_the_request_itself_decides() =>
        Assert.Equal(ClickKind.Human, ClickClassifier.Classify(new ClickRequest("GET", Phone, null, Delivered, null)).Kind);

    private static (ClickKind Kind, string? Why) Classify(string method, string? agent, string? purpose, TimeSpan after) =>
        ClickClassifier.Classify(new ClickRequest(method, agent, purpose, Delivered + after, Delivered));
}
