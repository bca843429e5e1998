using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Reactivation.Functions.Api;
using Reactivation.Infra.Storage;
using Reactivation.Infra.Sweeps;

namespace Reactivation.Functions.Cli;

/// <summary><c>sweep run</c> and <c>sweep show DATE</c>.</summary>
public static class SweepCommand
{
    /// <summary>Builds the verb.</summary>
    public static Command Create()
    {
        var command = new Command("sweep", "Run the daily silence sweep now, or show a day's summary.");
        var asOf = new Option<DateTimeOffset?>("--as-of") { Description = "Classify as of this instant (ISO 8601); default now. The sweep's day is its UTC date." };
        var run = new Command("run", "Start the sweep and process every shard in this process, with progress (re-running a day is a no-op).") { asOf };
        run.SetAction(async (result, ct) =>
        {
            await using var services = CliServices.Create();
            var when = result.GetValue(asOf) ?? services.GetRequiredService<TimeProvider>().GetUtcNow();
            var started = await SweepConsole.RunAsync(services.GetRequiredService<SweepRunner>(), when,
                services.GetRequiredService<StorageOptions>().Parallelism, ct).ConfigureAwait(false);
            var summary = await services.GetRequiredService<SweepStore>().GetSummaryAsync(started.SweepDate, ct).ConfigureAwait(false);
            SweepConsole.Print(summary!);
            return 0;
        });

        var date = new Argument<string>("date") { Description = "The day, yyyy-MM-dd." };
        var json = new Option<bool>("--json") { Description = "Print the summary as the API's JSON." };
        var show = new Command("show", "Show a day's sweep summary.") { date, json };
        show.SetAction(async (result, ct) =>
        {
            if (!DateOnly.TryParseExact(result.GetValue(date), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                await Console.Error.WriteLineAsync($"error: '{result.GetValue(date)}' is not a date like 2026-11-22").ConfigureAwait(false);
                return 2;
            }

            await using var services = CliServices.Create();
            var summary = await services.GetRequiredService<SweepStore>().GetSummaryAsync(day, ct).ConfigureAwait(false);
            if (summary is null)
            {
                await Console.Error.WriteLineAsync($"no sweep ran on {day:yyyy-MM-dd}").ConfigureAwait(false);
                return 1;
            }

            if (result.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(SweepView.Of(summary), SweepJson.Options));
            }
            else
            {
                SweepConsole.Print(summary);
            }

            return 0;
        });
        command.Subcommands.Add(run);
        command.Subcommands.Add(show);
        return command;
    }
}
