using System.CommandLine;
using Reactivation.Functions.Hosting;

namespace Reactivation.Functions.Cli;

/// <summary>The executable's verbs when the Functions host did not start it. With no verb it serves as the local host.</summary>
public static class CommandLine
{
    /// <summary>Builds the command tree.</summary>
    public static RootCommand Build()
    {
        var root = new RootCommand("Silent-user reactivation engine: the local host of its Azure Functions and the admin CLI.");
        var serve = new Command("serve", "Serve the functions as the local host: HTTP at their routes, timers from their schedules, queues with host.json's poison rule.");
        serve.SetAction((_, ct) => ServeAsync(ct));
        root.SetAction((_, ct) => ServeAsync(ct));
        root.Subcommands.Add(serve);
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(ImportCommand.Create());
        root.Subcommands.Add(SweepCommand.Create());
        root.Subcommands.Add(JourneysCommand.Create());
        root.Subcommands.Add(InstancesCommand.Create());
        root.Subcommands.Add(SimulateCommand.Create());
        root.Subcommands.Add(UsersCommand.Create());
        root.Subcommands.Add(AuditCommand.Create());
        root.Subcommands.Add(LinksCommand.Create());
        root.Subcommands.Add(SampleSizeCommand.Create());
        root.Subcommands.Add(ReportCommand.Create());
        root.Subcommands.Add(MigrateCommand.Create());
        return root;
    }

    /// <summary>
    /// Parses and runs <paramref name="args"/>. Every error, a bad argument or a verb that fails (configuration, storage out
    /// of reach), is one line on standard error and exit code 2.
    /// </summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken = default)
    {
        var parsed = Build().Parse(args);
        if (parsed.Errors.Count > 0)
        {
            await Console.Error.WriteLineAsync($"error: {string.Join("; ", parsed.Errors.Select(CliErrors.Describe))} (see --help)").ConfigureAwait(false);
            return CliErrors.ExitCode;
        }

        try
        {
            return await parsed.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await Console.Error.WriteLineAsync($"error: {CliErrors.Describe(ex)}").ConfigureAwait(false);
            return CliErrors.ExitCode;
        }
    }

    private static async Task<int> ServeAsync(CancellationToken cancellationToken)
    {
        await using var app = ReactivationApp.Build([]);
        await app.RunAsync(cancellationToken).ConfigureAwait(false);
        return 0;
    }
}
