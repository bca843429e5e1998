using System.CommandLine;
using Reactivation.Functions.Hosting;
using Reactivation.Infra.Journeys;

namespace Reactivation.Functions.Cli;

/// <summary><c>journeys list|show|validate|publish|templates</c>: the definitions.</summary>
public static class JourneysCommand
{
    /// <summary>Builds the verb.</summary>
    public static Command Create()
    {
        var command = new Command("journeys", "List, validate and publish journey definitions.");

        var list = new Command("list", "List the latest version of every stored journey (installs the defaults first).");
        list.SetAction(async (_, ct) =>
        {
            await using var services = CliServices.Create();
            await services.GetRequiredService<JourneyDefaults>().EnsureInstalledAsync(ct).ConfigureAwait(false);
            foreach (var journey in await services.GetRequiredService<JourneyLibrary>().LatestAsync(ct).ConfigureAwait(false))
            {
                Console.WriteLine($"{journey.Key,-26} priority {journey.Priority,4}  {(journey.Enabled ? "enabled " : "disabled")}  {journey.Name}");
            }

            return 0;
        });

        var journeyId = new Argument<string>("id") { Description = "The journey's id." };
        var locale = new Option<string>("--locale") { Description = "en (the default) or zh: the language of the labels.", DefaultValueFactory = _ => "en" };
        var show = new Command("show", "Print a journey's map as text: each step of its latest version with its live counts and its outgoing paths with their labels.")
        {
            journeyId,
            locale,
        };
        show.SetAction(async (result, ct) =>
        {
            await using var host = await CliServices.StartTaskHubAsync(ct).ConfigureAwait(false);
            await host.Services.GetRequiredService<JourneyDefaults>().EnsureInstalledAsync(ct).ConfigureAwait(false);
            return await ShowAsync(
                host.Services, host.Services.GetRequiredService<Microsoft.DurableTask.Client.DurableTaskClient>(), result.GetValue(journeyId)!, result.GetValue(locale)!, Console.Out, Console.Error, ct)
                .ConfigureAwait(false);
        });

        var path = new Argument<string>("path") { Description = "A definition file or a folder of them." };
        var validate = new Command("validate", "Validate definitions without touching storage; exit code 1 and every problem with its location if any are invalid.") { path };
        validate.SetAction(async (result, ct) =>
        {
            // Validation needs only the template and offer catalogues, so CI can run it with no storage account.
            var templates = TemplateCatalogue.Load(JourneyOptions.Resolve(new JourneyOptions().TemplatesPath));
            var offers = new Infra.Offers.OfferOptions().LoadCatalogue();
            var target = result.GetValue(path)!;
            if (!Directory.Exists(target) && !File.Exists(target))
            {
                await Console.Error.WriteLineAsync($"error: no file or folder '{target}'").ConfigureAwait(false);
                return 2;
            }

            var (definitions, problems) = Directory.Exists(target) ? JourneyLibrary.ReadFolder(target, templates, offers) : ReadOne(templates, offers, target);
            foreach (var problem in problems)
            {
                await Console.Error.WriteLineAsync(problem.ToString()).ConfigureAwait(false);
            }

            Console.WriteLine($"{definitions.Count} valid, {problems.Count} problem(s)");
            return problems.Count == 0 ? 0 : 1;
        });

        var file = new Argument<string>("file") { Description = "The definition to publish (its version must be higher than every stored one)." };
        var publish = new Command("publish", "Publish a new version; new enrollments take it, running instances keep their version.") { file };
        publish.SetAction(async (result, ct) =>
        {
            await using var services = CliServices.Create();
            await services.GetRequiredService<JourneyDefaults>().EnsureInstalledAsync(ct).ConfigureAwait(false);
            var (definition, problems) = await services.GetRequiredService<JourneyLibrary>()
                .PublishAsync(await File.ReadAllTextAsync(result.GetValue(file)!, ct).ConfigureAwait(false), ct).ConfigureAwait(false);
            foreach (var problem in problems)
            {
                await Console.Error.WriteLineAsync(problem.ToString()).ConfigureAwait(false);
            }

            if (definition is null)
            {
                return 1;
            }

            Console.WriteLine($"published {definition.Key}");
            return 0;
        });

        var templates = new Command("templates", "Check the template catalogue: SMS encoding, length and segments per locale, and warnings (segments, absolute claims).");
        templates.SetAction(async (_, _) =>
        {
            TemplateCatalogue catalogue;
            try
            {
                catalogue = TemplateCatalogue.Load(JourneyOptions.Resolve(new JourneyOptions().TemplatesPath), new JourneyOptions().MaxSmsSegments);
            }
            catch (InvalidOperationException ex)
            {
                await Console.Error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
                return 1;
            }

            foreach (var line in catalogue.Report)
            {
                Console.WriteLine(line);
            }

            foreach (var warning in catalogue.Warnings)
            {
                Console.WriteLine($"warning: {warning}");
            }

            return 0;
        });

        command.Subcommands.Add(list);
        command.Subcommands.Add(show);
        command.Subcommands.Add(templates);
        command.Subcommands.Add(validate);
        command.Subcommands.Add(publish);
        return command;
    }

    /// <summary>
    /// Prints the map of <paramref name="journeyId"/>'s latest version: the holdout, then each step with its counts and
    /// its paths (what <c>GET /api/reports/journeys/{id}/map</c> draws).
    /// </summary>
    /// <returns>0, or 1 when there is no such journey.</returns>
    public static async Task<int> ShowAsync(
        IServiceProvider services, Microsoft.DurableTask.Client.DurableTaskClient client, string journeyId, string locale, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var definition = (await services.GetRequiredService<JourneyLibrary>().LatestAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(j => j.Id == journeyId);
        if (definition is null)
        {
            await error.WriteLineAsync($"error: no journey '{journeyId}'").ConfigureAwait(false);
            return 1;
        }

        var counts = await new Infra.Measurement.JourneyMapCounter(services.GetRequiredService<Infra.Measurement.MetricsStore>())
            .CountAsync(client, definition, services.GetRequiredService<AppSettings>().Journeys.HoldoutPercent, cancellationToken).ConfigureAwait(false);
        foreach (var line in Pages.JourneyMapReport.Lines(Pages.JourneyMapLayout.Of(definition), counts, Pages.JourneyMapText.For(locale)))
        {
            await output.WriteLineAsync(line).ConfigureAwait(false);
        }

        return 0;
    }

    private static (IReadOnlyList<Core.Journeys.JourneyDefinition>, IReadOnlyList<Core.Journeys.DefinitionProblem>) ReadOne(
        TemplateCatalogue templates, Core.Offers.OfferCatalogue offers, string file)
    {
        var (definition, problems) = JourneyLibrary.Parse(File.ReadAllText(file), Path.GetFileName(file), templates, offers);
        return (definition is null || problems.Count > 0 ? [] : [definition], problems);
    }
}
