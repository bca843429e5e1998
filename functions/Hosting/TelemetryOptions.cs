namespace Reactivation.Functions.Hosting;

/// <summary>
/// Where traces and metrics go (configuration section <c>Telemetry</c>, plus the platform's
/// <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> and <c>APPLICATIONINSIGHTS_AUTHENTICATION_STRING</c>).
/// </summary>
/// <remarks>
/// Azure Monitor takes them whenever its connection string is set, as the Functions platform sets it; <see cref="Exporter"/>
/// adds one for a developer's machine or a collector of the team's own. With neither, nothing is recorded at all.
/// </remarks>
public sealed record TelemetryOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Telemetry";

    /// <summary>The exporter names <see cref="Exporter"/> takes.</summary>
    public static readonly string[] Exporters = ["none", "console", "otlp"];

    /// <summary>The OTLP protocols <see cref="OtlpProtocol"/> takes.</summary>
    public static readonly string[] OtlpProtocols = ["grpc", "http/protobuf"];

    /// <summary><c>none</c>, <c>console</c> (spans and metrics printed to standard output) or <c>otlp</c> (to <see cref="OtlpEndpoint"/>).</summary>
    public string Exporter { get; init; } = "none";

    /// <summary>The OTLP collector's address; empty takes <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>, else the protocol's localhost default.</summary>
    public string OtlpEndpoint { get; init; } = "";

    /// <summary><c>grpc</c> (port 4317 by convention) or <c>http/protobuf</c> (4318).</summary>
    public string OtlpProtocol { get; init; } = "grpc";

    /// <summary>The <c>service.name</c> resource attribute every span and metric carries.</summary>
    public string ServiceName { get; init; } = "reactivation";

    /// <summary>How often metrics are exported.</summary>
    public TimeSpan MetricInterval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Application Insights' connection string (<c>APPLICATIONINSIGHTS_CONNECTION_STRING</c>); empty: no Azure Monitor.</summary>
    public string AzureMonitorConnectionString { get; init; } = "";

    /// <summary>
    /// <c>APPLICATIONINSIGHTS_AUTHENTICATION_STRING</c>: <c>Authorization=AAD</c>, with <c>ClientId=</c> for a user-assigned
    /// identity, when the resource takes Entra ID tokens only (the template turns local auth off); empty: the connection
    /// string's key.
    /// </summary>
    public string AzureMonitorAuthentication { get; init; } = "";

    /// <summary>True when spans and metrics are exported anywhere.</summary>
    public bool Enabled => Exporter != "none" || AzureMonitorConnectionString.Length > 0;

    /// <summary>The user-assigned identity's client id in <see cref="AzureMonitorAuthentication"/>, if it names one.</summary>
    public string? AzureMonitorClientId => Part(AzureMonitorAuthentication, "ClientId");

    /// <summary>True when Azure Monitor must be reached with an Entra ID token.</summary>
    public bool AzureMonitorUsesEntraId => string.Equals(Part(AzureMonitorAuthentication, "Authorization"), "AAD", StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads the section and the two platform settings.</summary>
    public static TelemetryOptions From(IConfiguration configuration) =>
        (configuration.GetSection(Section).Get<TelemetryOptions>() ?? new TelemetryOptions()) with
        {
            AzureMonitorConnectionString = configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"] ?? "",
            AzureMonitorAuthentication = configuration["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"] ?? "",
        };

    /// <summary>Every problem with these options.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (!Exporters.Contains(Exporter))
        {
            problems.Add($"Telemetry:Exporter must be one of {string.Join(", ", Exporters)} (was '{Exporter}')");
        }

        if (!OtlpProtocols.Contains(OtlpProtocol))
        {
            problems.Add($"Telemetry:OtlpProtocol must be one of {string.Join(", ", OtlpProtocols)} (was '{OtlpProtocol}')");
        }

        if (OtlpEndpoint.Length > 0 && !(Uri.TryCreate(OtlpEndpoint, UriKind.Absolute, out var endpoint) && endpoint.Scheme is "http" or "https"))
        {
            problems.Add($"Telemetry:OtlpEndpoint must be an absolute http or https address (was '{OtlpEndpoint}')");
        }

        if (string.IsNullOrWhiteSpace(ServiceName))
        {
            problems.Add("Telemetry:ServiceName must not be empty");
        }

        if (MetricInterval < TimeSpan.FromSeconds(1) || MetricInterval > TimeSpan.FromHours(1))
        {
            problems.Add($"Telemetry:MetricInterval must be 1 second to 1 hour (was {MetricInterval:c})");
        }

        if (AzureMonitorConnectionString.Length > 0 && Part(AzureMonitorConnectionString, "InstrumentationKey") is not { Length: > 0 })
        {
            problems.Add("APPLICATIONINSIGHTS_CONNECTION_STRING must hold an InstrumentationKey (copy it from the Application Insights resource)");
        }

        if (AzureMonitorAuthentication.Length > 0 && !AzureMonitorUsesEntraId)
        {
            problems.Add("APPLICATIONINSIGHTS_AUTHENTICATION_STRING must say Authorization=AAD (with ClientId=<client id> for a user-assigned identity)");
        }

        return problems;
    }

    private static string? Part(string text, string name) => text
        .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(p => p.Split('=', 2))
        .Where(p => p.Length == 2 && string.Equals(p[0], name, StringComparison.OrdinalIgnoreCase))
        .Select(p => p[1])
        .FirstOrDefault();
}
