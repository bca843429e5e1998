using System.Text.Json.Serialization;
using Reactivation.Functions.Api;
using Reactivation.Functions.Logging;

namespace Reactivation.Functions.Hosting;

/// <summary>Builds the web app for either mode from the same catalogue and the same handlers.</summary>
public static class ReactivationApp
{
    /// <summary>The environment variable the Functions host sets to the port the handler must listen on.</summary>
    public const string CustomHandlerPortVariable = "FUNCTIONS_CUSTOMHANDLER_PORT";

    /// <summary>The mode implied by configuration: custom handler when the host gave a port.</summary>
    public static AppMode ModeOf(IConfiguration configuration) =>
        string.IsNullOrEmpty(configuration[CustomHandlerPortVariable]) ? AppMode.Local : AppMode.CustomHandler;

    /// <summary>Builds the app; <paramref name="configure"/> may add configuration (tests, the demo).</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        configure?.Invoke(builder);
        var settings = AppSettings.Load(builder.Configuration);
        var mode = ModeOf(builder.Configuration);
        builder.WebHost.UseUrls(mode == AppMode.CustomHandler
            ? $"http://127.0.0.1:{builder.Configuration[CustomHandlerPortVariable]}"
            : builder.Configuration["Host:Urls"] ?? "http://127.0.0.1:7071");
        builder.Services.AddReactivation(settings);
        RequestGuards.LimitBodies(builder);
        builder.Services.AddContactMasking();
        builder.Services.AddProblemDetails();
        builder.Services.AddRateLimiter(o => PublicRateLimit.Configure(o, settings.RateLimit, mode));
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        builder.Services.AddHostedService<LinkKeySigningRecorder>();
        builder.Services.AddHostedService<JourneyDefaultsInstaller>();
        if (mode == AppMode.Local && builder.Configuration.GetValue("Host:RunTriggers", true))
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
        app.UseRateLimiter();
        var catalogue = app.Services.GetRequiredService<FunctionCatalogue>();
        app.MapGet("/", () => Results.Text($"reactivation engine: {mode} mode, {catalogue.Functions.Count} functions"));
        foreach (var function in catalogue.Functions.Where(f => f.Trigger == TriggerKind.Http))
        {
            var endpoint = app.MapMethods("/" + function.FullRoute, function.Methods.Select(m => m.ToUpperInvariant()), function.HttpHandler!).WithName(function.Name);
            if (ApiKeys.FilterFor(function.Access) is { } keyCheck)
            {
                endpoint.AddEndpointFilter(keyCheck);
            }

            if (function.Access == FunctionAccess.Admin)
            {
                endpoint.AddEndpointFilter(AdminAudit.Filter);
            }

            if (!function.AtRoot && function.Methods.Any(m => m is "post" or "put" or "patch"))
            {
                endpoint.AddEndpointFilter(RequestGuards.JsonBodyFilter);
            }

            if (function.Access == FunctionAccess.Public)
            {
                endpoint.RequireRateLimiting(RateLimitOptions.PublicPolicy);
            }
        }

        if (mode == AppMode.CustomHandler)
        {
            app.MapCustomHandlerInvocations(catalogue);
        }

        return app;
    }
}
