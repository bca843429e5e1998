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
}
