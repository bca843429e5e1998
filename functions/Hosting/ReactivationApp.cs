using System.Text.Json.Serialization;
using Reactivation.Functions.Api;
using Reactivation.Functions.Durable;
using Reactivation.Functions.Hosting.OpenApi;
using Reactivation.Functions.Logging;
using System.Reflection;

namespace Reactivation.Functions.Hosting;

/// <summary>
/// The local host: the app's <c>[Function]</c> methods behind Kestrel at their routes, their timers fired from the same
/// schedule settings and their queues polled with host.json's poison rule, and the journey orchestrations on the
/// Durable Task Framework's Azure Storage provider, so the same code runs here and in Azure.
/// </summary>
public static class ReactivationApp
{
    /// <summary>Builds the app; <paramref name="configure"/> may add configuration (tests, the demo).</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // appsettings.json sits beside the assembly: `dotnet run --project functions` runs it from the repo's root, and the
        // build's OpenAPI step loads it into a tool of its own, whose base directory is elsewhere.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = Path.GetDirectoryName(typeof(ReactivationApp).Assembly.Location) });
        configure?.Invoke(builder);
        var settings = AppSettings.Load(builder.Configuration);
        builder.WebHost.UseUrls(builder.Configuration["Host:Urls"] ?? "http://127.0.0.1:7071");
        // Before any hosted service that uses Durable's client: hosted services start in registration order.
        builder.Services.AddLocalDurableTask(TaskHubOptions.From(builder.Configuration, settings.Storage), tasks => Infra.Orchestration.JourneyTasks.Register(tasks));
        builder.Services.AddReactivation(settings);
        builder.Services.AddSingleton(_ => new PublicRateLimit(settings.RateLimit, behindFrontEnd: false));
        RequestGuards.LimitBodies(builder);
        builder.Services.AddTelemetry(settings.Telemetry, functionsWorker: false);
        builder.Services.AddContactMasking();
        builder.Services.AddProblemDetails();
        builder.Services.AddApiDocument();
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        builder.Services.AddHostedService<LinkKeySigningRecorder>();
        builder.Services.AddHostedService<JourneyDefaultsInstaller>();
        if (builder.Configuration.GetValue("Host:RunTriggers", true))
        {
            builder.Services.AddHostedService<LocalTimerService>();
            builder.Services.AddHostedService<LocalQueueListener>();
        }

        if (builder.Configuration.GetValue("Host:DescribeOnly", false))
        {
            // The build's OpenAPI step starts the host on a server that never listens, to read its endpoints: it gets
            // the web host alone, and nothing that would reach storage, run the task hub or fire a timer.
            foreach (var service in builder.Services.Where(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType?.Namespace?.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) != true).ToList())
            {
                builder.Services.Remove(service);
            }
        }

        var app = builder.Build();
        if (settings.Deployed && settings.Channels.Outbox)
        {
            app.Logger.LogWarning("Messaging:UseLocalOutbox is on in a deployment: channels without a provider store their messages in the outbox table, answered as sent, and nobody receives them");
        }

        app.UseExceptionHandler(new ExceptionHandlerOptions { StatusCodeSelector = RequestGuards.StatusOf });
        app.UseStatusCodePages();
        var functions = app.Services.GetRequiredService<AppFunctions>();
        app.MapGet("/", () => Results.Text($"reactivation engine: local host, {functions.All.Count} functions")).ExcludeFromDescription();
        foreach (var function in functions.Http)
        {
            var invoke = LocalInvocation.HttpHandler(function);
            // The function's declaration and its method ride along as metadata, the method in place of the generic
            // handler's: the API description reads route parameters, XML comments and declared answers from them.
            var endpoint = app.MapMethods("/" + function.Route, function.Methods.Select(m => m.ToUpperInvariant()), invoke).WithName(function.Name)
                .WithMetadata(function).WithMetadata(function.Method.GetCustomAttributes<AnswersAttribute>().ToArray<object>());
            endpoint.Add(builder =>
            {
                foreach (var handler in builder.Metadata.OfType<MethodInfo>().ToList())
                {
                    builder.Metadata.Remove(handler);
                }

                builder.Metadata.Add(function.Method);
            });
            endpoint.AddEndpointFilter(async (context, next) => HttpGuards.Refusal(context.HttpContext, function) ?? await next(context).ConfigureAwait(false));
            if (function.Access == FunctionAccess.Admin)
            {
                endpoint.AddEndpointFilter(AdminAudit.Filter);
            }
        }

        app.MapApiDocument();
        return app;
    }
}
