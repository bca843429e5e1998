using System.Globalization;

namespace Reactivation.Core.Journeys;

/// <summary>
/// A scripted user for <see cref="JourneySimulator"/>: <c>click@2d, return@9d, optOut:sms@3d, fail:gift-sms=transient*2, fail:touch2=permanent</c>.
/// </summary>
/// <param name="Events">Events and when they happen, as offsets from the start.</param>
/// <param name="Failures">Step id to how its sends fail and for how many attempts.</param>
public sealed record SimulationScript(IReadOnlyList<ScriptedEvent> Events, IReadOnlyDictionary<string, ScriptedFailure> Failures)
{
    /// <summary>A user who does nothing and whose sends all go out.</summary>
    public static SimulationScript Silent { get; } = new([], new Dictionary<string, ScriptedFailure>());

    /// <summary>Parses the script notation; throws <see cref="FormatException"/> naming the bad item.</summary>
    public static SimulationScript Parse(string? text)
    {
        var events = new List<ScriptedEvent>();
        var failures = new Dictionary<string, ScriptedFailure>(StringComparer.Ordinal);
        foreach (var raw in (text ?? "").Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (raw.StartsWith("fail:", StringComparison.Ordinal))
            {
                var body = raw["fail:".Length..].Split('=', 2);
                var kind = body.Length == 2 ? body[1].Split('*', 2) : [];
                var status = kind.Length > 0 ? kind[0] switch
                {
                    "transient" => SendStatus.TransientFailure,
                    "permanent" => SendStatus.PermanentFailure,
                    "skip" => SendStatus.Skipped,
                    _ => (SendStatus?)null,
                } : null;
                var count = 1;
                if (status is null || body[0].Length == 0 || (kind.Length == 2 && !int.TryParse(kind[1], NumberStyles.None, CultureInfo.InvariantCulture, out count)))
                {
                    throw new FormatException($"'{raw}' is not a failure: write fail:STEP=transient, fail:STEP=transient*3, fail:STEP=permanent or fail:STEP=skip");
                }

                failures[body[0]] = new ScriptedFailure(status.Value, count);
                continue;
            }

            var at = raw.Split('@', 2);
            if (at.Length != 2 || !DurationText.TryParse(at[1], out var offset, out _))
            {
                throw new FormatException($"'{raw}' is not an event: write NAME@OFFSET (click@2d) or optOut:CHANNEL@OFFSET (optOut:sms@3d)");
            }

            var nameAndChannel = at[0].Split(':', 2);
            Channel? channel = null;
            if (nameAndChannel.Length == 2)
            {
                channel = !nameAndChannel[1].Any(char.IsAsciiDigit) && Enum.TryParse<Channel>(nameAndChannel[1], ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
                    ? parsed
                    : throw new FormatException($"'{raw}': unknown channel '{nameAndChannel[1]}' (sms, email or webhook)");
            }

            if (nameAndChannel[0].Length == 0)
            {
                throw new FormatException($"'{raw}' has no event name: write NAME@OFFSET, for example click@2d");
            }

            events.Add(new ScriptedEvent(offset, nameAndChannel[0], channel));
        }

        return new SimulationScript([.. events.OrderBy(e => e.Offset)], failures);
    }
}

/// <summary>An event the scripted user causes.</summary>
/// <param name="Offset">When, after the journey starts.</param>
/// <param name="Name">The event name.</param>
/// <param name="Channel">The channel it concerns, if any.</param>
public sealed record ScriptedEvent(TimeSpan Offset, string Name, Channel? Channel);

/// <summary>How a step's sends fail in a simulation: the first <paramref name="Attempts"/> attempts answer <paramref name="Status"/>.</summary>
/// <param name="Status">The answer.</param>
/// <param name="Attempts">For how many attempts.</param>
public sealed record ScriptedFailure(SendStatus Status, int Attempts);
