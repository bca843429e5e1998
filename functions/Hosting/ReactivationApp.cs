using System.Text.Json.Serialization;
using Reactivation.Functions.Api;
using Reactivation.Functions.Durable;
using Reactivation.Functions.Logging;

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
        // appsettings.json sits beside the executable: `dotnet run --project functions` runs it from the repo's root.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        configure?.Invoke(builder);
        var settings = AppSettings.Load(builder.Configuration);
        builder.WebHost.UseUrls(builder.Configuration["Host:Urls"] ?? "http://127.0.0.1:7071");
        // Before any hosted service that uses Durable's client: hosted services start in registration order.
        builder.Services.AddLocalDurableTask(TaskHubOptions.From(builder.Configuration, settings.Storage), tasks => Infra.Orchestration.JourneyTasks.Register(tasks));
        builder.Services.AddReactivation(settings);
        builder.Services.AddSingleton(_ => new PublicRateLimit(settings.RateLimit, behindFrontEnd: false));
        RequestGuards.LimitBodies(builder);
        builder.Services.AddContactMasking();
        builder.Services.AddProblemDetails();
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        builder.Services.AddHostedService<LinkKeySigningRecorder>();
        builder.Services.AddHostedService<JourneyDefaultsInstaller>();
        if (builder.Configuration.GetValue("Host:RunTriggers", true))
        {
            builder.Services.AddHostedService<LocalTimerService>();
            builder.Services.AddHostedService<LocalQueueListener>();
        }

        var app = builder.Build();
        if (settings.Deployed && settings.Channels.Outbox)
        {
            app.Logger.LogWarning("Messaging:UseLocalOutbox is on in a deployment: channels without a provider store their messages in the outbox table, answered as sent, and nobody receives them");
        }

        app.UseExceptionHandler(new ExceptionHandlerOptions { StatusCodeSelector = RequestGuards.StatusOf });
        app.UseStatusCodePages();
        var functions = app.Services.GetRequiredService<AppFunctions>();
        app.MapGet("/", () => Results.Text($"reactivation engine: local host, {functions.All.Count} functions"));
        foreach (var function in functions.Http)
        {
            var invoke = LocalInvocation.HttpHandler(function);
            var endpoint = app.MapMethods("/" + function.Route, function.Methods.Select(m => m.ToUpperInvariant()), invoke).WithName(function.Name);
            endpoint.AddEndpointFilter(async (context, next) => HttpGuards.Refusal(context.HttpContext, function) ?? await next(context).ConfigureAwait(false));
            if (function.Access == FunctionAccess.Admin)
            {
                endpoint.AddEndpointFilter(AdminAudit.Filter);
            }
        }

        return app;
    }
}
