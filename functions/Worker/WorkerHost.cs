using System.Text.Json.Serialization;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using Reactivation.Functions.Hosting;
using Reactivation.Functions.Logging;

namespace Reactivation.Functions.Worker;

/// <summary>
/// The app as the Azure Functions host runs it: a .NET isolated worker whose functions are the <c>[Function]</c> methods
/// under <c>Triggers/</c>, with ASP.NET Core integration for HTTP, the same services and settings as the local host, and
/// the same checks in front of every HTTP function (<see cref="HttpGuardMiddleware"/>).
/// </summary>
public static class WorkerHost
{
    /// <summary>True when the Functions host started this process as its worker: it passes the worker id and its own address.</summary>
    public static bool IsLaunchedByFunctionsHost(IReadOnlyList<string> args) =>
        args.Any(a => a is "--functions-worker-id" or "--workerId" or "--functions-uri");

    /// <summary>Runs the worker until the host stops it.</summary>
    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var builder = FunctionsApplication.CreateBuilder(args);
        builder.ConfigureFunctionsWebApplication();
        var settings = AppSettings.Load(builder.Configuration);
        builder.Services.AddReactivation(settings);
        builder.Services.AddSingleton(_ => new PublicRateLimit(settings.RateLimit, behindFrontEnd: true));
        builder.Services.AddTelemetry(settings.Telemetry, functionsWorker: true);
        builder.Services.AddContactMasking();
        builder.Services.AddProblemDetails();
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        builder.Services.AddHostedService<LinkKeySigningRecorder>();
        builder.Services.AddHostedService<JourneyDefaultsInstaller>();
        builder.UseMiddleware<HttpGuardMiddleware>();
        using var host = builder.Build();
        await host.RunAsync(cancellationToken).ConfigureAwait(false);
        return 0;
    }
}
