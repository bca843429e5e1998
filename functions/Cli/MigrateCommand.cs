using System.CommandLine;
using Reactivation.Infra.Policy;

namespace Reactivation.Functions.Cli;

/// <summary><c>migrate</c>: copies the old contact-state tables into the per-user contact-state partitions, once (safe to repeat).</summary>
public static class MigrateCommand
{
    /// <summary>Builds the verb.</summary>
    public static Command Create()
    {
        var command = new Command(
            "migrate",
            "Copy consent, contact ledgers, contact blocks and the profiles' contact fields from the old tables into the per-user contact state (safe to re-run).");
        command.SetAction(async (_, ct) =>
        {
            await using var services = CliServices.Create();
            return await RunAsync(services, Console.Out, ct).ConfigureAwait(false);
        });
        return command;
    }

    /// <summary>Runs the migration, writing progress and a summary to <paramref name="output"/>.</summary>
    public static async Task<int> RunAsync(IServiceProvider services, TextWriter output, CancellationToken ct)
    {
        var migration = services.GetRequiredService<ContactStateMigration>();
        var steps = await migration.RunAsync(line => output.WriteLine("migrate: " + line), ct).ConfigureAwait(false);
        await output.WriteLineAsync(
            $"migrated: {string.Join(", ", steps.Select(s => $"{s.Name} {s.Copied:N0} of {s.Read:N0}"))} (the rest were already in the new layout)").ConfigureAwait(false);
        return 0;
    }
}
