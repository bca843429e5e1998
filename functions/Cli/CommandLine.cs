using System.CommandLine;
using Reactivation.Functions.Hosting;

namespace Reactivation.Functions.Cli;

/// <summary>The executable's verbs. With no verb it serves (custom handler under the Functions host, local host otherwise).</summary>
public static class CommandLine
{
    /// <summary>Builds the command tree.</summary>
    public static RootCommand Build()
    {
        var root = new RootCommand("Silent-user reactivation engine: Azure Functions custom handler, local host and admin CLI.");
        var serve = new Command("serve", "Serve the functions: as a custom handler when FUNCTIONS_CUSTOMHANDLER_PORT is set, else as the local host (timers, queues, HTTP under /api).");
        serve.SetAction((_, ct) => ServeAsync(ct));
        root.SetAction((_, ct) => ServeAsync(ct));
        root.Subcommands.Add(serve);
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(GenerateCommand.Create());
        root.Subcommands.Add(ImportCommand.Create());
        root.Subcommands.Add(SweepCommand.Create());
        root.Subcommands.Add(JourneysCommand.Create());
        root.Subcommands.Add(InstancesCommand.Create());
        root.Subcommands.Add(SimulateCommand.Create());
        root.Subcommands.Add(UsersCommand.Create());
        root.Subcommands.Add(AuditCommand.Create());
        root.Subcommands.Add(SampleSizeCommand.Create());
        root.Subcommands.Add(ReportCommand.Create());
        return root;
    }

    private static async Task<int> ServeAsync(CancellationToken cancellationToken)
    {
        await using var app = ReactivationApp.Build([]);
        await app.RunAsync(cancellationToken).ConfigureAwait(false);
        return 0;
    }
}
