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

    /// <summary>The longest a link of any purpose works: how long after a key stops signing its links may still be opened.</summary>
    public TimeSpan LongestLinkLifetime => TrackingLifetime > ConsentLinkLifetime ? TrackingLifetime : ConsentLinkLifetime;

    /// <summary>The key <see cref="DerivedKeyId"/> as <paramref name="deploymentSecret"/> derives it.</summary>
    public static byte[] DeriveKey(byte[] deploymentSecret) => HMACSHA256.HashData(deploymentSecret, "link signing key v1"u8);

    /// <summary>Builds the keyring from configuration alone: <see cref="DerivedKeyId"/> derived from <paramref name="deploymentSecret"/>, plus the configured keys.</summary>
    /// <exception cref="InvalidOperationException">The keys are invalid (startup validation reports the same problems first).</exception>
    public LinkKeyring Keyring(byte[] deploymentSecret) => Keyring(deploymentSecret, []);

    /// <summary>
    /// Builds the keyring from the deployment's <paramref name="stored"/> keys and the configured ones: every key that is not
    /// retired verifies (the stored <see cref="DerivedKeyId"/> over a fresh derivation), and the current one signs.
    /// </summary>
    /// <exception cref="InvalidOperationException">The keys are invalid or disagree with the stored ones.</exception>
    public LinkKeyring Keyring(byte[] deploymentSecret, IReadOnlyList<LinkKeyRecord> stored)
    {
        var (keyring, problems) = BuildKeyring(deploymentSecret, stored);
        return keyring ?? throw new InvalidOperationException("invalid link keys: " + string.Join("; ", problems));
    }

    /// <summary>The key id that signs: <see cref="CurrentKeyId"/>, else the one configured key, else <see cref="DerivedKeyId"/>.</summary>
    public string SigningKeyId => CurrentKeyId.Length > 0 ? CurrentKeyId : Keys.Count switch { 0 => DerivedKeyId, 1 => Keys.Keys.Single(), _ => "" };

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

        // A current key id that is not configured may name a stored key (made by links keys new): the store is read when the
        // keyring loads, which reports it then if it is missing; here it stands in so every other problem is still found.
        IReadOnlyList<LinkKeyRecord> mayBeStored = SigningKeyId is { Length: > 0 } id && id != DerivedKeyId && !Keys.ContainsKey(id)
            ? [new LinkKeyRecord(id, new byte[LinkKeyring.MinimumKeyBytes], "stored", DateTimeOffset.MinValue, null, null, null)]
            : [];
        problems.AddRange(BuildKeyring(deploymentSecret, mayBeStored).Problems.Select(p => "Links:Keys: " + p));
        return problems;
    }

    private (LinkKeyring? Keyring, IReadOnlyList<string> Problems) BuildKeyring(byte[] deploymentSecret, IReadOnlyList<LinkKeyRecord> stored)
    {
        // d1 stays in the keyring whatever is configured: links it signed live up to 400 days, and only retiring it on
        // purpose (links keys retire d1) may break them. Once stored, its first derivation wins over today's, so a new
        // storage account key or coupon secret changes nothing.
        var keys = new Dictionary<string, byte[]>(StringComparer.Ordinal) { [DerivedKeyId] = DeriveKey(deploymentSecret) };
        foreach (var key in stored.Where(k => k.Key is not null))
        {
            keys[key.Id] = key.Key!;
        }

        var problems = new List<string>();
        foreach (var (id, text) in Keys)
        {
            if (id == DerivedKeyId)
            {
                problems.Add($"key id '{DerivedKeyId}' is the derived key's; give a configured key another id");
                continue;
            }

            byte[] bytes;
            try
            {
                bytes = Convert.FromBase64String(text);
            }
            catch (FormatException)
            {
                problems.Add($"key '{id}' is not Base64");
                continue;
            }

            if (keys.TryGetValue(id, out var storedKey) && !CryptographicOperations.FixedTimeEquals(storedKey, bytes))
            {
                problems.Add($"key '{id}' differs from the stored key of that id (links keys lists them); give it another id");
                continue;
            }

            keys[id] = bytes;
        }

        var signing = SigningKeyId;
        foreach (var retired in stored.Where(k => k.RetiredAt is not null))
        {
            keys.Remove(retired.Id);
            if (retired.Id == signing)
            {
                problems.Add($"the current key '{signing}' was retired; make another key current");
            }
        }

        if (problems.Count > 0)
        {
            return (null, problems);
        }

        return LinkKeyring.Create(keys, signing);
    }
}
