using System.Security.Cryptography;
using Reactivation.Core.Links;

namespace Reactivation.Infra.Links;

/// <summary>Signed links: keys, the public address they point at, lifetimes and where tracked links may lead (section <c>Links</c>).</summary>
public sealed record SignedLinkOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Links";

    /// <summary>The key id used for a key derived from the deployment's secret when no keys are configured.</summary>
    public const string DerivedKeyId = "d1";

    /// <summary>The public origin links are minted under (scheme, host and optional port or path), e.g. <c>https://go.example.com</c>.</summary>
    public string PublicBaseUrl { get; init; } = "http://127.0.0.1:7071";

    /// <summary>Signing keys by key id (1 to 8 lower-case letters or digits), each Base64 of at least 32 random bytes.</summary>
    /// <value>Empty: one key, <see cref="DerivedKeyId"/>, derived from the deployment's secret (fine for one deployment; configure keys to rotate).</value>
    public Dictionary<string, string> Keys { get; init; } = [];

    /// <summary>The key id new links are signed with; every key in <see cref="Keys"/> still verifies.</summary>
    public string CurrentKeyId { get; init; } = "";

    /// <summary>
    /// Hosts a tracked link may lead to: exact host names, or <c>*.example.com</c> for its subdomains. A template linking
    /// anywhere else fails to render, and a token naming another host is refused at the click.
    /// </summary>
    public IReadOnlyList<string> AllowedDestinations { get; init; } = ["example.com", "*.example.com"];

    /// <summary>How long a tracked link works.</summary>
    public TimeSpan TrackingLifetime { get; init; } = TimeSpan.FromDays(90);

    /// <summary>How long unsubscribe and preference links work (people unsubscribe from old messages too).</summary>
    public TimeSpan ConsentLinkLifetime { get; init; } = TimeSpan.FromDays(400);

    /// <summary>How long after a touch a login or purchase counts as a return caused by it.</summary>
    public TimeSpan AttributionWindow { get; init; } = TimeSpan.FromDays(7);

    /// <summary>Clicks sooner than this after delivery are taken for a mail scanner.</summary>
    public TimeSpan ScannerWindow { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The <c>utm_source</c> click-backs add to destinations that do not set their own.</summary>
    public string UtmSource { get; init; } = Core.Tracking.UtmParameters.DefaultSource;

    /// <summary>Builds the keyring, deriving a key from <paramref name="deploymentSecret"/> when none is configured.</summary>
    /// <exception cref="InvalidOperationException">The keys are invalid (startup validation reports the same problems first).</exception>
    public LinkKeyring Keyring(byte[] deploymentSecret)
    {
        var (keyring, problems) = BuildKeyring(deploymentSecret);
        return keyring ?? throw new InvalidOperationException("invalid link keys: " + string.Join("; ", problems));
    }

    /// <summary>Every problem with these options.</summary>
    public IReadOnlyList<string> Validate(byte[] deploymentSecret)
    {
        var problems = new List<string>();
        if (!Uri.TryCreate(PublicBaseUrl, UriKind.Absolute, out var baseUri) || baseUri.Scheme is not ("https" or "http") || baseUri.Query.Length > 0 || baseUri.Fragment.Length > 0)
        {
            problems.Add($"Links:PublicBaseUrl '{PublicBaseUrl}' must be an absolute http(s) URL without query or fragment");
        }

        foreach (var host in AllowedDestinations)
        {
            var name = host.StartsWith("*.", StringComparison.Ordinal) ? host[2..] : host;
            if (Uri.CheckHostName(name) is not (UriHostNameType.Dns or UriHostNameType.IPv4) || name != name.ToLowerInvariant())
            {
                problems.Add($"Links:AllowedDestinations entry '{host}' must be a lower-case host name, optionally starting with '*.'");
            }
        }

        if (TrackingLifetime <= TimeSpan.Zero || ConsentLinkLifetime <= TimeSpan.Zero || AttributionWindow <= TimeSpan.Zero || ScannerWindow < TimeSpan.Zero)
        {
            problems.Add("Links:TrackingLifetime, ConsentLinkLifetime and AttributionWindow must be positive and ScannerWindow not negative");
        }

        problems.AddRange(BuildKeyring(deploymentSecret).Problems.Select(p => "Links:Keys: " + p));
        return problems;
    }

    private (LinkKeyring? Keyring, IReadOnlyList<string> Problems) BuildKeyring(byte[] deploymentSecret)
    {
        if (Keys.Count == 0)
        {
            return LinkKeyring.Create(new Dictionary<string, byte[]> { [DerivedKeyId] = HMACSHA256.HashData(deploymentSecret, "link signing key v1"u8) }, DerivedKeyId);
        }

        var keys = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var (id, text) in Keys)
        {
            try
            {
                keys[id] = Convert.FromBase64String(text);
            }
            catch (FormatException)
            {
                problems.Add($"key '{id}' is not Base64");
            }
        }

        if (problems.Count > 0)
        {
            return (null, problems);
        }

        return LinkKeyring.Create(keys, CurrentKeyId.Length > 0 ? CurrentKeyId : Keys.Keys.Count == 1 ? Keys.Keys.Single() : "");
    }
}
