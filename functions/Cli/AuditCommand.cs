using System.CommandLine;
using System.Globalization;
using Reactivation.Infra.Audit;

namespace Reactivation.Functions.Cli;

/// <summary><c>audit USER [--limit N]</c> or <c>audit --admin</c>: the audit trail, newest first, as a table.</summary>
public static class AuditCommand
{
    /// <summary>Builds the verb.</summary>
    public static Command Create()
    {
        var user = new Argument<string?>("user") { Description = "The user id.", Arity = ArgumentArity.ZeroOrOne };
        var admin = new Option<bool>("--admin") { Description = "The actions on no one user instead of a user's trail." };
        var limit = new Option<int>("--limit") { Description = "At most this many entries.", DefaultValueFactory = _ => 50 };
        var command = new Command("audit", "Every send, skip, consent change and admin action recorded for a user, newest first.") { user, admin, limit };
        command.SetAction(async (result, ct) =>
        {
            var partition = result.GetValue(admin) ? AuditTrail.AdminPartition : result.GetValue(user);
            if (partition is null)
            {
                await Console.Error.WriteLineAsync("name a user, or pass --admin").ConfigureAwait(false);
                return 2;
            }

            await using var services = CliServices.Create();
            await PrintAsync(services, partition, result.GetValue(limit), Console.Out, ct).ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    /// <summary>Writes the newest <paramref name="limit"/> entries of <paramref name="partition"/> to <paramref name="output"/>.</summary>
    public static async Task PrintAsync(IServiceProvider services, string partition, int limit, TextWriter output, CancellationToken ct)
    {
        var entries = await services.GetRequiredService<AuditTrail>().ReadAsync(partition, Math.Clamp(limit, 1, 1_000), ct).ConfigureAwait(false);
        await output.WriteLineAsync($"{partition}: {entries.Count} audit entr{(entries.Count == 1 ? "y" : "ies")}, newest first").ConfigureAwait(false);
        if (entries.Count == 0)
        {
            return;
        }

        await output.WriteLineAsync($"  {"at",-20} {"kind",-14} {"actor",-16} detail").ConfigureAwait(false);
        foreach (var entry in entries)
        {
            var at = entry.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            await output.WriteLineAsync($"  {at,-20} {entry.Kind,-14} {entry.Actor,-16} {entry.Detail}").ConfigureAwait(false);
        }
    }
}
