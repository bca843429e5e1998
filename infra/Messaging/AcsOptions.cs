namespace Reactivation.Infra.Messaging;

/// <summary>Azure Communication Services settings (section <c>Acs</c>). Without a connection string, messages go to the local outbox.</summary>
public sealed record AcsOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Acs";

    /// <summary>The connection string from the portal (<c>endpoint=...;accesskey=...</c>); empty keeps the local outbox.</summary>
    public string ConnectionString { get; init; } = "";

    /// <summary>The sending number (E.164) or short code.</summary>
    public string SmsFrom { get; init; } = "";

    /// <summary>The verified sender address for email.</summary>
    public string EmailSender { get; init; } = "";

    /// <summary>How long a 429 or 503's Retry-After may be waited inside one send before the journey's retry policy takes over.</summary>
    public TimeSpan MaxInlineRetryAfter { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long to poll an email operation for its final state before calling the attempt transient.</summary>
    public TimeSpan EmailPollTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The shared secret Event Grid must present as <c>?key=</c> on the delivery-report and inbound-SMS endpoint
    /// (put it in the subscription's endpoint URL); empty leaves the endpoint open, for local use.
    /// </summary>
    public string EventGridKey { get; init; } = "";

    /// <summary>True when ACS is configured.</summary>
    public bool Enabled => ConnectionString.Length > 0;

    /// <summary>Every problem with these options.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (EventGridKey.Length is > 0 and < 16)
        {
            problems.Add("Acs:EventGridKey must be at least 16 characters (or empty to leave the events endpoint open)");
        }

        if (!Enabled)
        {
            return problems;
        }

        if (AcsConnectionString.TryParse(ConnectionString, out var problem) is null)
        {
            problems.Add($"Acs:ConnectionString {problem}");
        }

        if (SmsFrom.Length == 0)
        {
            problems.Add("Acs:SmsFrom is required with a connection string");
        }

        if (!EmailSender.Contains('@', StringComparison.Ordinal))
        {
            problems.Add("Acs:EmailSender must be an email address");
        }

        return problems;
    }
}
