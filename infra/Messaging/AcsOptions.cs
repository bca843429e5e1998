namespace Reactivation.Infra.Messaging;

/// <summary>Azure Communication Services settings (section <c>Acs</c>). Without a connection string SMS and email have no provider.</summary>
public sealed record AcsOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Acs";

    /// <summary>The connection string from the portal (<c>endpoint=...;accesskey=...</c>); empty leaves SMS and email without a provider.</summary>
    public string ConnectionString { get; init; } = "";

    /// <summary>The sending number (E.164) or short code.</summary>
    public string SmsFrom { get; init; } = "";

    /// <summary>The verified sender address for email.</summary>
    public string EmailSender { get; init; } = "";

    /// <summary>How long a 429 or 503's Retry-After may be waited inside one send before the journey's retry policy takes over.</summary>
    public TimeSpan MaxInlineRetryAfter { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long to poll an email operation for its final state before calling the attempt transient.</summary>
    public TimeSpan EmailPollTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long one HTTP request to the service may take.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The longest one send attempt can take: an email's POST and its last poll, each tried up to
    /// <see cref="AcsHttp.MaxTries"/> times with a short Retry-After waited between, around the polling itself.
    /// </summary>
    public TimeSpan LongestAttempt => 2 * OneCall + EmailPollTimeout + AcsChannel.MaxPollInterval;

    private TimeSpan OneCall => AcsHttp.MaxTries * RequestTimeout + (AcsHttp.MaxTries - 1) * MaxInlineRetryAfter;

    /// <summary>
    /// The shared secret Event Grid must present as <c>?key=</c> on the delivery-report and inbound-SMS endpoint
    /// (put it in the subscription's endpoint URL); empty keeps the endpoint closed, and a deployment with ACS must set it.
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
            problems.Add("Acs:EventGridKey must be at least 16 characters (or empty to keep the events endpoint closed)");
        }

        if (RequestTimeout < TimeSpan.FromSeconds(1) || EmailPollTimeout < TimeSpan.Zero || MaxInlineRetryAfter < TimeSpan.Zero)
        {
            problems.Add("Acs:RequestTimeout must be at least a second, and Acs:EmailPollTimeout and Acs:MaxInlineRetryAfter not negative");
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
