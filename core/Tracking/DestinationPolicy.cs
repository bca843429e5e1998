using System.Text;

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

    /// <summary>
    /// <paramref name="destination"/> as a URI every HTTP stack accepts in a <c>Location</c> header: an IRI mapped to a URI
    /// as RFC 3987 section 3.1 says, the host in its ASCII (punycode) form and every other non-ASCII character
    /// percent-encoded as UTF-8 (<c>/回归礼</c> becomes <c>/%E5%9B%9E%E5%BD%92%E7%A4%BC</c>). ASCII, percent-escapes already
    /// present and reserved characters are kept as written, so normalising twice changes nothing. A destination that is
    /// not an absolute URL, or carries user info, is returned as it is, for <see cref="IsAllowed"/> to refuse.
    /// </summary>
    public static string Normalize(string destination)
    {
        if (destination.All(char.IsAscii) || !Uri.TryCreate(destination, UriKind.Absolute, out var uri) || uri.UserInfo.Length > 0
            || uri.HostNameType is not (UriHostNameType.Dns or UriHostNameType.IPv4))
        {
            return destination;
        }

        var authorityStart = destination.IndexOf("://", StringComparison.Ordinal) + 3;
        var rest = destination.IndexOfAny(['/', '?', '#'], authorityStart);
        var port = uri.IsDefaultPort ? "" : ":" + uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var normalized = new StringBuilder(destination.Length * 2).Append(uri.Scheme).Append("://").Append(uri.IdnHost).Append(port);
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in (rest < 0 ? "" : destination[rest..]).EnumerateRunes())
        {
            if (rune.IsAscii)
            {
                normalized.Append((char)rune.Value);
                continue;
            }

            foreach (var b in utf8[..rune.EncodeToUtf8(utf8)])
            {
                normalized.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return normalized.ToString();
    }

    private static bool Matches(string host, string entry) =>
        entry.StartsWith("*.", StringComparison.Ordinal)
            ? host.EndsWith(entry[1..], StringComparison.Ordinal) && host.Length > entry.Length - 1
            : string.Equals(host, entry, StringComparison.Ordinal);
}
