using System.CommandLine;
using System.Globalization;
using Reactivation.Core.Journeys;
using Reactivation.Core.Silence;
using Reactivation.Infra.Journeys;

namespace Reactivation.Functions.Cli;

/// <summary>
/// <c>simulate JOURNEY</c>: runs a definition (a default journey's id or a JSON file) against a scripted user on a
/// simulated clock and prints the exact timeline of sends, skips, waits and the outcome. No storage is touched.
/// </summary>
public static class SimulateCommand
{
    /// <summary>Builds the verb.</summary>
    public static Command Create()
    {
        var journey = new Argument<string>("journey") { Description = "A default journey's id (see functions/journeys) or the path of a definition file." };
        var script = new Option<string>("--script") { Description = "What the user does: click@2d, return@9d, optOut:sms@3d, reply@1h, fail:STEP=transient*2, fail:STEP=permanent." };
        var reachable = new Option<string>("--reachable") { Description = "Channels the user has contact points for.", DefaultValueFactory = _ => "sms,email,webhook" };
        var band = new Option<DormancyBand>("--band") { Description = "The dormancy band.", DefaultValueFactory = _ => DormancyBand.UpTo3Months };
        var tier = new Option<ValueTier>("--tier") { Description = "The RFM tier.", DefaultValueFactory = _ => ValueTier.Mid };
        var cause = new Option<SilenceCause>("--cause") { Description = "The silence cause.", DefaultValueFactory = _ => SilenceCause.NaturalDecline };
        var locale = new Option<string>("--locale") { Description = "The user's locale.", DefaultValueFactory = _ => "zh-CN" };
        var zone = new Option<string>("--timezone") { Description = "The user's IANA time zone.", DefaultValueFactory = _ => "Asia/Shanghai" };
        var heldOut = new Option<bool>("--held-out") { Description = "Simulate a held-out user (nothing is sent; what would have been is recorded)." };
        var start = new Option<DateTimeOffset?>("--start") { Description = "When the journey starts (ISO 8601); default 2026-01-05T02:00:00Z." };
        var horizon = new Option<string>("--horizon") { Description = "Stop after this long if the journey has not ended.", DefaultValueFactory = _ => "90d" };
        var command = new Command("simulate", "Run a journey against a scripted user on a simulated clock and print the timeline.")
        {
            journey, script, reachable, band, tier, cause, locale, zone, heldOut, start, horizon,
        };
        command.SetAction(result =>
        {
            try
            {
                var definition = Load(result.GetValue(journey)!);
                var channels = result.GetValue(reachable)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Select(c => Enum.TryParse<Channel>(c, ignoreCase: true, out var parsed) ? parsed : throw new FormatException($"unknown channel '{c}'"));
                var context = new JourneyContext
                {
                    Band = result.GetValue(band),
                    Tier = result.GetValue(tier),
                    Cause = result.GetValue(cause),
                    Reachable = [.. channels],
                    Locale = result.GetValue(locale),
                    TimeZone = result.GetValue(zone),
                };
                if (!DurationText.TryParse(result.GetValue(horizon), out var span, out var problem))
                {
                    throw new FormatException($"--horizon {problem}");
                }

                var begin = result.GetValue(start) ?? new DateTimeOffset(2026, 1, 5, 2, 0, 0, TimeSpan.Zero);
                var simulation = JourneySimulator.Run(
                    definition, context, SimulationScript.Parse(result.GetValue(script)), begin, span, new JourneyOptions().Stepper, heldOut: result.GetValue(heldOut));
                Print(definition, simulation, begin);
                return 0;
            }
            catch (Exception ex) when (ex is FormatException or InvalidOperationException or FileNotFoundException)
            {
                Console.Error.WriteLine($"error: {ex.Message}");
                return 2;
            }
        });
        return command;
    }

    /// <summary>Writes the timeline: offset from the start, UTC time, step, what happened.</summary>
    public static void Print(JourneyDefinition definition, Simulation simulation, DateTimeOffset start)
    {
        Console.WriteLine($"{definition.Key}: {definition.Name}");
        foreach (var entry in simulation.Timeline)
        {
            var offset = entry.At - start;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  +{(int)offset.TotalDays}d{offset.Hours:D2}h{offset.Minutes:D2}m  {entry.At.UtcDateTime:yyyy-MM-dd HH:mm}Z  {entry.Step ?? "-",-16} {entry.Kind,-14} {entry.Detail}"));
        }

        var final = simulation.Final;
        Console.WriteLine(final.IsTerminal
            ? $"outcome: {final.Outcome} ({final.Reason}); {final.Sends} sent, {final.Skips} skipped, {final.HeldOutSends} held out"
            : $"still {final.Status} at {final.Step} ({final.Waiting}) when the horizon was reached; {final.Sends} sent");
    }

    private static JourneyDefinition Load(string journey)
    {
        var templates = TemplateCatalogue.Load(JourneyOptions.Resolve(new JourneyOptions().TemplatesPath));
        var path = File.Exists(journey) ? journey : Path.Combine(JourneyOptions.Resolve(new JourneyOptions().DefinitionsPath), journey + ".json");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"no journey '{journey}': give a default journey's id or a definition file");
        }

        var (definition, problems) = JourneyJson.Parse(File.ReadAllText(path), Path.GetFileName(path));
        if (definition is not null)
        {
            problems = JourneyValidator.Validate(definition, Path.GetFileName(path), templates.Channels);
        }

        return definition is not null && problems.Count == 0
            ? definition
            : throw new InvalidOperationException("the definition is invalid:" + string.Concat(problems.Select(p => Environment.NewLine + "  " + p)));
    }
}
