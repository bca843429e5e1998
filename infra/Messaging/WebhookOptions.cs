namespace Reactivation.Infra.Messaging;

/// <summary>The webhook channel (section <c>Webhook</c>): push, WeChat and other providers behind one signed POST.</summary>
public sealed record WebhookOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Webhook";

    /// <summary>Where messages are POSTed; empty leaves the webhook channel without a provider.</summary>
    public string Url { get; init; } = "";

    /// <summary>The shared secret the receiver checks the signature with (at least 32 characters).</summary>
    public string Secret { get; init; } = "";

    /// <summary>How long the POST may take.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>True when the webhook channel is configured.</summary>
    public bool Enabled => Url.Length > 0;

    /// <summary>Every problem with these options.</summary>
    public IReadOnlyList<string> Validate() =>
        Enabled ? [.. EndpointProblems("Webhook:Url", Url, "Webhook:Secret", Secret), .. RequestTimeout < TimeSpan.FromSeconds(1) ? ["Webhook:RequestTimeout must be at least a second"] : Array.Empty<string>()] : [];

    /// <summary>The problems with a signed webhook endpoint: the URL must be absolute http(s), the secret at least 32 characters.</summary>
    /// <param name="urlKey">The URL's configuration key, for the message.</param>
    /// <param name="url">The URL.</param>
    /// <param name="secretKey">The secret's configuration key, for the message.</param>
    /// <param name="secret">The secret.</param>
    public static IEnumerable<string> EndpointProblems(string urlKey, string url, string secretKey, string secret)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
        {
            yield return $"{urlKey} must be an absolute http(s) URL";
        }

        if (secret.Length < 32)
        {
            yield return $"{secretKey} must be at least 32 characters";
        }
    }
}
