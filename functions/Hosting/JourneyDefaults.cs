using Reactivation.Infra.Journeys;

namespace Reactivation.Functions.Hosting;

/// <summary>Installs the journey definitions shipped with the app, once per process, before anything enrolls or steps.</summary>
public sealed class JourneyDefaults(JourneyLibrary library, JourneyOptions options, TemplateCatalogue templates, ILogger<JourneyDefaults> logger)
{
    private readonly Lazy<Task> _installation = new(() => InstallAsync(library, options, templates, logger));

    /// <summary>Completes when the defaults are stored; the first caller starts the work.</summary>
    public Task EnsureInstalledAsync(CancellationToken cancellationToken) => _installation.Value.WaitAsync(cancellationToken);

    private static async Task InstallAsync(JourneyLibrary library, JourneyOptions options, TemplateCatalogue templates, ILogger logger)
    {
        foreach (var warning in templates.Warnings)
        {
            logger.LogWarning("template: {Warning}", warning);
        }

        var installed = await library.InstallDefaultsAsync(JourneyOptions.Resolve(options.DefinitionsPath), CancellationToken.None).ConfigureAwait(false);
        if (installed > 0)
        {
            logger.LogInformation("installed {Count} default journey versions", installed);
        }
    }
}
