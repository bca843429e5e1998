using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Reactivation.Functions.Logging;
using Reactivation.Infra.Telemetry;

namespace Reactivation.Functions.Hosting;

/// <summary>
/// OpenTelemetry for both hosts: the app's source and meter, HttpClient's spans (the provider calls), the local host's
/// request spans or the Functions worker's invocation spans, every span masked before any exporter, and the exporters
/// <see cref="TelemetryOptions"/> names.
/// </summary>
public static class TelemetrySetup
{
    /// <summary>Adds tracing and metrics when <paramref name="options"/> export them anywhere; otherwise adds nothing.</summary>
    /// <param name="services">The host's services.</param>
    /// <param name="options">Where to export.</param>
    /// <param name="functionsWorker">True in the Functions worker: its invocation spans and resource come from the worker's defaults.</param>
    public static IServiceCollection AddTelemetry(this IServiceCollection services, TelemetryOptions options, bool functionsWorker)
    {
        if (!options.Enabled)
        {
            return services;
        }

        var telemetry = services.AddOpenTelemetry().ConfigureResource(r => r.AddService(options.ServiceName));
        if (functionsWorker)
        {
            telemetry.UseFunctionsWorkerDefaults();
        }

        telemetry.WithTracing(tracing =>
        {
            tracing.AddSource(ReactivationTelemetry.Name).AddHttpClientInstrumentation(h => h.RecordException = false).SetSampler(new BackgroundCallSampler());
            if (!functionsWorker)
            {
                tracing.AddAspNetCoreInstrumentation(a => a.RecordException = false);
            }

            // First, so that every exporter added after it reads the masked span.
            tracing.AddProcessor(new MaskingSpanProcessor());
            switch (options.Exporter)
            {
                case "console":
                    tracing.AddConsoleExporter();
                    break;
                case "otlp":
                    tracing.AddOtlpExporter(o => Otlp(o, options));
                    break;
            }

            if (options.AzureMonitorConnectionString.Length > 0)
            {
                tracing.AddAzureMonitorTraceExporter(o => o.ConnectionString = options.AzureMonitorConnectionString, Credential(options));
            }
        });
        telemetry.WithMetrics(metrics =>
        {
            metrics.AddMeter(ReactivationTelemetry.Name);
            var interval = (int)options.MetricInterval.TotalMilliseconds;
            switch (options.Exporter)
            {
                case "console":
                    metrics.AddConsoleExporter((_, reader) => reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = interval);
                    break;
                case "otlp":
                    metrics.AddOtlpExporter((o, reader) =>
                    {
                        Otlp(o, options);
                        reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = interval;
                    });
                    break;
            }

            if (options.AzureMonitorConnectionString.Length > 0)
            {
                metrics.AddAzureMonitorMetricExporter(o => o.ConnectionString = options.AzureMonitorConnectionString, Credential(options));
            }
        });
        return services;
    }

    private static void Otlp(OtlpExporterOptions otlp, TelemetryOptions options)
    {
        otlp.Protocol = options.OtlpProtocol == "grpc" ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
        if (options.OtlpEndpoint.Length > 0)
        {
            otlp.Endpoint = new Uri(options.OtlpEndpoint);
        }
    }

    // The template turns Application Insights' local auth off: the app's user-assigned identity gets the token.
    private static Azure.Core.TokenCredential? Credential(TelemetryOptions options) =>
        !options.AzureMonitorUsesEntraId ? null
        : options.AzureMonitorClientId is { Length: > 0 } clientId ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
        : new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned);
}
