using System.CommandLine;
using Reactivation.Functions.Hosting;
using Reactivation.Infra.Offers;

namespace Reactivation.Functions.Cli;

/// <summary><c>generate-functions --out DIR</c>: writes host.json and one folder per function with its function.json.</summary>
public static class GenerateCommand
{
    /// <summary>The host.json shipped with the app (copied beside the executable from the repository root).</summary>
    public static string HostJson() => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "host.json"));

    /// <summary>Builds the verb.</summary>
    public static Command Create()
    {
        var output = new Option<DirectoryInfo>("--out") { Description = "The deployable folder to write (publish the app into its app/ folder).", Required = true };
        var command = new Command("generate-functions", "Write the custom-handler layout (host.json + one folder per function) from the catalogue.") { output };
        command.SetAction(result =>
        {
            var settings = AppSettings.Load(CliServices.Configuration(new Dictionary<string, string?> { ["Storage:ConnectionString"] = "UseDevelopmentStorage=true", ["Offers:CouponSecret"] = new string('-', OfferOptions.MinimumSecretLength) }));
            var written = FunctionJsonGenerator.Write(FunctionCatalogue.Create(settings), HostJson(), result.GetValue(output)!.FullName);
            foreach (var file in written)
            {
                Console.WriteLine($"wrote {file}");
            }

            return 0;
        });
        return command;
    }
}
