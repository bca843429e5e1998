using System.CommandLine;
using Reactivation.Core.Activity;
using Spectre.Console;

namespace Reactivation.Functions.Cli;

/// <summary><c>import users|events|consent FILE</c>: streams NDJSON or CSV into storage with progress, reporting rejected lines.</summary>
public static class ImportCommand
{
    private const int MaxRejectionsShown = 100;

    /// <summary>Builds the verb.</summary>
    public static Command Create()
    {
        var command = new Command("import", "Import users or activity events from an NDJSON or CSV file (safe to re-run).");
        command.Subcommands.Add(Kind("users", "Create or update users (userId, phone, email, timeZone, locale, region, registeredAt)."));
        command.Subcommands.Add(Kind("events", "Ingest activity events (eventId, userId, type, occurredAt, amount, currency)."));
        command.Subcommands.Add(Kind("consent", "Record consent changes (changeId, userId, channel, purpose, state, source (default import), at, textVersion, ip, userAgent, keyword)."));
        return command;
    }

    private static Command Kind(string kind, string description)
    {
        var file = new Argument<FileInfo>("file") { Description = "The file; .csv is CSV with a header row, anything else NDJSON." };
        var format = new Option<ImportFormat?>("--format") { Description = "Override the format the extension implies (ndjson or csv)." };
        var strict = new Option<bool>("--strict") { Description = "Validate the whole file first and write nothing if any line is bad." };
        var command = new Command(kind, description) { file, format, strict };
        command.SetAction(async (result, ct) =>
        {
            var path = result.GetValue(file)!;
            if (!path.Exists)
            {
                await Console.Error.WriteLineAsync($"error: no file {path.FullName}").ConfigureAwait(false);
                return 2;
            }

            await using var host = await CliServices.StartTaskHubAsync(ct).ConfigureAwait(false);
            var importer = host.Services.GetRequiredService<Importer>();
            var chosen = result.GetValue(format) ?? ImportReader.FormatOf(path.FullName);
            var rejections = 0L;
            void Rejected(ValidationProblem p)
            {
                if (Interlocked.Increment(ref rejections) <= MaxRejectionsShown)
                {
                    Console.Error.WriteLine($"rejected {p.Location}: {p.Message}");
                }
            }

            var report = await ImportCommandProgress.RunAsync(path, async (progress, open) => kind switch
            {
                "users" => await importer.ImportUsersAsync(open, chosen, result.GetValue(strict), Rejected, progress, ct).ConfigureAwait(false),
                "consent" => await importer.ImportConsentAsync(open, chosen, result.GetValue(strict), Rejected, progress, ct).ConfigureAwait(false),
                _ => await importer.ImportEventsAsync(open, chosen, result.GetValue(strict), Rejected, progress, ct).ConfigureAwait(false),
            }).ConfigureAwait(false);
            if (rejections > MaxRejectionsShown)
            {
                await Console.Error.WriteLineAsync($"... and {rejections - MaxRejectionsShown} more rejected lines").ConfigureAwait(false);
            }

            AnsiConsole.MarkupLine(report.Strict && report.Rejected > 0
                ? $"[red]strict import: {report.Rejected} bad record(s) of {report.Records}; nothing was written[/]"
                : $"{report.Records} record(s): [green]{report.Written} written[/], {report.Duplicates} already present, [yellow]{report.Rejected} rejected[/]");
            return report.Rejected > 0 ? 2 : 0;
        });
        return command;
    }
}
