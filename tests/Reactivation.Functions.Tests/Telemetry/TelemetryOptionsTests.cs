using Microsoft.Extensions.Configuration;
using Reactivation.Functions.Hosting;
using Xunit;

namespace Reactivation.Functions.Tests.Telemetry;

/// <summary>Where traces and metrics go is read from configuration and the platform's settings, and checked at startup.</summary>
public sealed class TelemetryOptionsTests
{
    private const string ConnectionString = "InstrumentationKey=00000000-0000-0000-0000-000000000001;IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/";

    [Fact]
    public void Nothing_is_recorded_until_an_exporter_or_an_application_insights_connection_string_is_set()
    {
        Assert.False(From().Enabled);
        Assert.True(From(("Telemetry:Exporter", "console")).Enabled);
        Assert.True(From(("APPLICATIONINSIGHTS_CONNECTION_STRING", ConnectionString)).Enabled);
    }

    [Fact]
    public void The_platforms_authentication_string_names_the_user_assigned_identity_that_gets_the_monitor_token()
    {
        var options = From(("APPLICATIONINSIGHTS_CONNECTION_STRING", ConnectionString), ("APPLICATIONINSIGHTS_AUTHENTICATION_STRING", "ClientId=5f1c2d3e-aaaa-bbbb-cccc-0123456789ab;Authorization=AAD"));
        var systemAssigned = From(("APPLICATIONINSIGHTS_CONNECTION_STRING", ConnectionString), ("APPLICATIONINSIGHTS_AUTHENTICATION_STRING", "Authorization=aad"));
        var keyed = From(("APPLICATIONINSIGHTS_CONNECTION_STRING", ConnectionString));

        Assert.Empty(options.Validate());
        Assert.Equal((true, "5f1c2d3e-aaaa-bbbb-cccc-0123456789ab"), (options.AzureMonitorUsesEntraId, options.AzureMonitorClientId));
        Assert.Equal((true, null), (systemAssigned.AzureMonitorUsesEntraId, systemAssigned.AzureMonitorClientId));
        Assert.Equal((false, null), (keyed.AzureMonitorUsesEntraId, keyed.AzureMonitorClientId));
    }

    [Fact]
    public void Every_bad_setting_is_named_with_what_it_must_be()
    {
        var problems = From(
            ("Telemetry:Exporter", "zipkin"), ("Telemetry:OtlpProtocol", "udp"), ("Telemetry:OtlpEndpoint", "ftp://collector:4317"),
            ("Telemetry:ServiceName", " "), ("Telemetry:MetricInterval", "00:00:00.500"),
            ("APPLICATIONINSIGHTS_CONNECTION_STRING", "IngestionEndpoint=https://example.com/"), ("APPLICATIONINSIGHTS_AUTHENTICATION_STRING", "Authorization=Key")).Validate();

        Assert.Equal(
            [
                "Telemetry:Exporter must be one of none, console, otlp (was 'zipkin')",
                "Telemetry:OtlpProtocol must be one of grpc, http/protobuf (was 'udp')",
                "Telemetry:OtlpEndpoint must be an absolute http or https address (was 'ftp://collector:4317')",
                "Telemetry:ServiceName must not be empty",
                "Telemetry:MetricInterval must be 1 second to 1 hour (was 00:00:00.5000000)",
                "APPLICATIONINSIGHTS_CONNECTION_STRING must hold an InstrumentationKey (copy it from the Application Insights resource)",
                "APPLICATIONINSIGHTS_AUTHENTICATION_STRING must say Authorization=AAD (with ClientId=<client id> for a user-assigned identity)",
            ],
            problems);
    }

    [Fact]
    public void The_app_refuses_to_start_with_a_telemetry_setting_it_cannot_use()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = "UseDevelopmentStorage=true",
            ["Telemetry:Exporter"] = "otlp",
            ["Telemetry:OtlpEndpoint"] = "collector:4317",
        }).Build();

        var failure = Assert.Throws<InvalidOperationException>(() => AppSettings.Load(configuration));

        Assert.Contains("Telemetry:OtlpEndpoint must be an absolute http or https address (was 'collector:4317')", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_app_carries_the_telemetry_settings_it_loaded()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = "UseDevelopmentStorage=true",
            ["Telemetry:Exporter"] = "otlp",
            ["Telemetry:OtlpEndpoint"] = "http://collector:4318",
            ["Telemetry:OtlpProtocol"] = "http/protobuf",
        }).Build();

        var telemetry = AppSettings.Load(configuration).Telemetry;

        Assert.Equal(("otlp", "http://collector:4318", "http/protobuf", "reactivation"), (telemetry.Exporter, telemetry.OtlpEndpoint, telemetry.OtlpProtocol, telemetry.ServiceName));
    }

    private static TelemetryOptions From(params (string Key, string Value)[] values) =>
        TelemetryOptions.From(new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build());
}
