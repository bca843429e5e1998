namespace Reactivation.Core.Tracking;

/// <summary>
/// Where a tracked link may lead: an absolute https URL (http only for a loopback host, for local runs) whose host is one
/// of the allow-listed names or a subdomain of a <c>*.</c> entry. Anything else would make the click-back an open redirect.
/// </summary>
public static class DestinationPolicy
{
    /// <summary>True when <paramref name="destination"/> may be redirected to.</summary>
    /// <param name="destination">The destination as written in the template (and carried in the token).</param>
    /// <param name="allowedHosts">Exact lower-case host names, or <c>*.example.com</c> for any subdomain of example.com.</param>
    public static bool IsAllowed(string? destination, IReadOnlyList<string> allowedHosts)
    {
        // Relative and protocol-relative URLs (//evil.com) are not absolute to the parser that matters (the browser's
        // view of our Location header), so only a literal scheme prefix is accepted, before any parsing.
        if (destination is null || !(destination.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || destination.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
            || destination.Any(c => char.IsControl(c) || c is ' ' or '\\')
            || !Uri.TryCreate(destination, UriKind.Absolute, out var uri))
        {
            return false;
        }

        // Userinfo (https://example.com@evil.com) is how open redirects hide the real host from a human reader.
        if (uri.UserInfo.Length > 0 || uri.HostNameType is not (UriHostNameType.Dns or UriHostNameType.IPv4))
        {
            return false;
        }

        var host = uri.IdnHost.ToLowerInvariant();
        if (uri.Scheme == Uri.UriSchemeHttp && host is not ("localhost" or "127.0.0.1"))
        {
            return false;
        }

        return uri.Scheme is "https" or "http" && allowedHosts.Any(entry => Matches(host, entry));
    }

    private static bool Matches(string host, string entry) =>
        entry.StartsWith("*.", StringComparison.Ordinal)
            ? host.EndsWith(entry[1..], StringComparison.Ordinal) && host.Length > entry.Length - 1
            : string.Equals(host, entry, StringComparison.Ordinal);
}
