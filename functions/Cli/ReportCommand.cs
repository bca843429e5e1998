using System.CommandLine;
using System.Text.Json;
using Reactivation.Infra.Measurement;

namespace Reactivation.Functions.Cli;

/// <summary><c>report JOURNEY [--json]</c>: rolls up any new facts, then prints the journey's report.</summary>
public static class ReportCommand
{
    /// <summary>Builds the verb.</summary>
    public static Command Create()
    {
        var journey = new Argument<string>("journey") { Description = "The journey id." };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON (what GET /api/reports/journeys/{id} answers)." };
        var command = new Command("report", "A journey's results: funnel, lift per arm with its confidence interval, KPIs, cost, skips and the daily trend.") { journey, json };
        command.SetAction(async (result, ct) =>
        {
            await using var services = CliServices.Create();
            return await PrintAsync(services, result.GetValue(journey)!, result.GetValue(json), Console.Out, ct).ConfigureAwait(false);
        });
        return command;
    }

    /// <summary>Rolls up and prints; answers the exit code (2 for an unknown journey).</summary>
    public static async Task<int> PrintAsync(IServiceProvider services, string journeyId, bool json, TextWriter output, CancellationToken ct)
    {
        await services.GetRequiredService<MetricsStore>().RollUpAsync(ct).ConfigureAwait(false);
        var report = await services.GetRequiredService<JourneyReports>().BuildAsync(journeyId, ct).ConfigureAwait(false);
        if (report is null)
        {
            await Console.Error.WriteLineAsync($"no journey '{journeyId}'").ConfigureAwait(false);
            return 2;
        }

        if (json)
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(report, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true })).ConfigureAwait(false);
        }
        else
        {
            await ReportTable.WriteAsync(report, output, ct).ConfigureAwait(false);
        }

        return 0;
    }
}
