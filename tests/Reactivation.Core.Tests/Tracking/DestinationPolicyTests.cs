using Reactivation.Core.Tracking;
using Xunit;

namespace Reactivation.Core.Tests.Tracking;

public sealed class DestinationPolicyTests
{
    private static readonly string[] Allowed = ["example.com", "*.shop.example.org"];

    [Theory]
    [InlineData("https://example.com/sale?x=1#top")]
    [InlineData("HTTPS://EXAMPLE.COM/sale")]
    [InlineData("https://m.shop.example.org/sale")]
    [InlineData("https://a.b.shop.example.org:8443/")]
    public void An_https_link_to_an_allowed_host_or_a_subdomain_of_a_wildcard_entry_is_allowed(string destination) =>
        Assert.True(DestinationPolicy.IsAllowed(destination, Allowed));

    [Theory]
    [InlineData("http://example.com/sale", "plain http to a public host")]
    [InlineData("https://evil.com/", "another host")]
    [InlineData("https://example.com.evil.com/", "an allowed name as a prefix")]
    [InlineData("https://notexample.com/", "an allowed name as a suffix without a dot")]
    [InlineData("https://shop.example.org/", "the wildcard's own apex")]
    [InlineData("https://example.com@evil.com/", "userinfo hiding the host")]
    [InlineData("https://user:pw@example.com/", "userinfo on an allowed host")]
    [InlineData("//example.com/sale", "protocol-relative")]
    [InlineData("/sale", "relative")]
    [InlineData("javascript:alert(1)//example.com", "javascript")]
    [InlineData("ftp://example.com/", "another scheme")]
    [InlineData("https:example.com/", "no slashes")]
    [InlineData("https://exa\tmple.com/", "a control character")]
    [InlineData("https://example.com\\@evil.com/", "a backslash")]
    [InlineData("", "empty")]
    public void Anything_else_is_refused(string destination, string why) =>
        Assert.False(DestinationPolicy.IsAllowed(destination, Allowed), why);

    [Theory]
    [InlineData("http://localhost:5000/x")]
    [InlineData("http://127.0.0.1/x")]
    public void Plain_http_is_allowed_only_to_a_loopback_host_that_is_listed(string destination)
    {
        Assert.True(DestinationPolicy.IsAllowed(destination, ["localhost", "127.0.0.1"]));
        Assert.False(DestinationPolicy.IsAllowed(destination, Allowed));
    }

    [Theory]
    [InlineData("https://shop.example.com/回归礼", "https://shop.example.com/%E5%9B%9E%E5%BD%92%E7%A4%BC")]
    [InlineData("https://shop.example.com/search?q=中文", "https://shop.example.com/search?q=%E4%B8%AD%E6%96%87")]
    [InlineData("https://example.com/café#menü", "https://example.com/caf%C3%A9#men%C3%BC")]
    [InlineData("https://example.com/😀?a=1&b=%E4%B8%AD", "https://example.com/%F0%9F%98%80?a=1&b=%E4%B8%AD")]
    [InlineData("https://例え.example.com:8443/路", "https://xn--r8jz45g.example.com:8443/%E8%B7%AF")]
    [InlineData("https://example.com/already%20escaped?x=1", "https://example.com/already%20escaped?x=1")]
    [InlineData("https://例え.example.com", "https://xn--r8jz45g.example.com")]
    public void Non_ascii_destinations_normalise_to_the_uri_rfc_3987_maps_them_to(string destination, string expected)
    {
        var normalized = DestinationPolicy.Normalize(destination);

        Assert.Equal(expected, normalized);
        Assert.True(normalized.All(char.IsAscii));
        Assert.Equal(normalized, DestinationPolicy.Normalize(normalized));
        Assert.True(Uri.TryCreate(normalized, UriKind.Absolute, out var uri) && uri.AbsoluteUri.StartsWith(normalized.Split('#')[0], StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("https://evil.com@例え.example.com/")]
    [InlineData("/回归礼")]
    [InlineData("https://[::1]/回归礼")]
    public void Destinations_the_policy_refuses_are_left_as_they_are_to_be_refused(string destination) =>
        Assert.Equal(destination, DestinationPolicy.Normalize(destination));
}
