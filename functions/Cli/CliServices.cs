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
        services.AddSingleton<Importer>();
        return services.BuildServiceProvider();
    }
}
