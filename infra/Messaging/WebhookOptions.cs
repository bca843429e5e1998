namespace Reactivation.Infra.Messaging;

/// <summary>The webhook channel (section <c>Webhook</c>): push, WeChat and other providers behind one signed POST.</summary>
public sealed record WebhookOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Webhook";

    /// <summary>Where messages are POSTed; empty keeps webhook sends in the local outbox.</summary>
    public string Url { get; init; } = "";

    /// <summary>The shared secret the receiver checks the signature with (at least 32 characters).</summary>
    public string Secret { get; init; } = "";

    /// <summary>True when the webhook channel is configured.</summary>
    public bool Enabled => Url.Length > 0;

    /// <summary>Every problem with these options.</summary>
    public IReadOnlyList<string> Validate()
    {
        if (!Enabled)
        {
            return [];
        }

        var problems = new List<string>();
        if (!Uri.TryCreate(Url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
        {
            problems.Add("Webhook:Url must be an absolute http(s) URL");
        }

        if (Secret.Length < 32)
        {
            problems.Add("Webhook:Secret must be at least 32 characters");
        }

        return problems;
    }
}
