using System.CommandLine;
using Reactivation.Functions.Hosting;
using Reactivation.Infra.Journeys;

namespace Reactivation.Functions.Cli;

/// <summary><c>journeys list|validate|publish</c>: the definitions.</summary>
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
        command.Subcommands.Add(templates);
        command.Subcommands.Add(validate);
        command.Subcommands.Add(publish);
        return command;
    }

    private static (IReadOnlyList<Core.Journeys.JourneyDefinition>, IReadOnlyList<Core.Journeys.DefinitionProblem>) ReadOne(
        TemplateCatalogue templates, Core.Offers.OfferCatalogue offers, string file)
    {
        var (definition, problems) = JourneyLibrary.Parse(File.ReadAllText(file), Path.GetFileName(file), templates, offers);
        return (definition is null || problems.Count > 0 ? [] : [definition], problems);
    }
}
