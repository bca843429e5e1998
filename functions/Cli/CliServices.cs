using Reactivation.Functions.Durable;
using Reactivation.Functions.Hosting;
using Reactivation.Functions.Logging;

namespace Reactivation.Functions.Cli;

/// <summary>The services for CLI verbs that work on storage without serving anything.</summary>
public static class CliServices
{
    /// <summary>Configuration as the app reads it: appsettings.json beside the executable, then environment variables, then overrides.</summary>
    public static IConfiguration Configuration(IReadOnlyDictionary<string, string?>? overrides = null) =>
        new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .AddInMemoryCollection(overrides ?? new Dictionary<string, string?>())
            .Build();

    /// <summary>Builds the service provider; throws with every configuration problem listed.</summary>
    public static ServiceProvider Create(IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var configuration = Configuration(overrides);
        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        services.AddLogging();
        services.AddContactMasking();
        services.AddReactivation(AppSettings.Load(configuration));
        return services.BuildServiceProvider();
    }

    /// <summary>
    /// Starts the services with Durable's client on the app's task hub, for verbs that read or manage journey
    /// orchestrations; no worker runs here, so a CLI call never takes work from the running host.
    /// </summary>
    /// <exception cref="InvalidOperationException">The configuration is invalid; the message lists every problem.</exception>
    public static async Task<CliHost> StartTaskHubAsync(CancellationToken cancellationToken, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var configuration = Configuration(overrides);
        var settings = AppSettings.Load(configuration);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddConfiguration(configuration);
        builder.Services.AddLogging(logging => logging.AddConfiguration(configuration.GetSection("Logging")));
        builder.Services.AddContactMasking();
        builder.Services.AddLocalDurableTask(TaskHubOptions.From(configuration, settings.Storage), register: null);
        builder.Services.AddReactivation(settings);
        builder.Services.AddSingleton<Importer>();
        var host = builder.Build();
        await host.StartAsync(cancellationToken).ConfigureAwait(false);
        return new CliHost(host);
    }
}
