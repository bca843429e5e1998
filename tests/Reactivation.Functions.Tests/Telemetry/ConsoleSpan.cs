using System.Text.RegularExpressions;

namespace Reactivation.Functions.Tests.Telemetry;

/// <summary>One span as OpenTelemetry's console exporter prints it.</summary>
public sealed partial record ConsoleSpan(string TraceId, string SpanId, string? ParentSpanId, string Name, string Kind, string Source, IReadOnlyDictionary<string, string> Tags)
{
    /// <summary>Reads every span in <paramref name="output"/>, lines of a process's standard output in order.</summary>
    public static IReadOnlyList<ConsoleSpan> Parse(IEnumerable<string> output)
    {
        var spans = new List<ConsoleSpan>();
        Dictionary<string, string>? fields = null;
        Dictionary<string, string>? tags = null;
        string? section = null;
        foreach (var line in output)
        {
            if (line.StartsWith("Activity.TraceId:", StringComparison.Ordinal))
            {
                Close();
                fields = new Dictionary<string, string>(StringComparer.Ordinal);
                tags = new Dictionary<string, string>(StringComparer.Ordinal);
                section = null;
            }

            if (fields is null)
            {
                continue;
            }

            if (Field().Match(line) is { Success: true } field)
            {
                fields[field.Groups[1].Value] = field.Groups[2].Value.Trim();
                section = field.Groups[1].Value;
            }
            else if (line.StartsWith("Instrumentation scope", StringComparison.Ordinal) || line.StartsWith("Resource associated", StringComparison.Ordinal))
            {
                section = line;
            }
            else if (Nested().Match(line) is { Success: true } nested)
            {
                if (section == "Tags")
                {
                    tags![nested.Groups[1].Value] = nested.Groups[2].Value.Trim();
                }
                else if (section?.StartsWith("Instrumentation scope", StringComparison.Ordinal) == true && nested.Groups[1].Value == "Name")
                {
                    fields["Source"] = nested.Groups[2].Value.Trim();
                }
            }
            else if (line.Length == 0 || !char.IsWhiteSpace(line[0]))
            {
                section = null;
            }
        }

        Close();
        return spans;

        void Close()
        {
            if (fields is not null && fields.TryGetValue("TraceId", out var trace) && fields.TryGetValue("SpanId", out var span))
            {
                spans.Add(new ConsoleSpan(
                    trace, span, fields.GetValueOrDefault("ParentSpanId"), fields.GetValueOrDefault("DisplayName") ?? "", fields.GetValueOrDefault("Kind") ?? "",
                    fields.GetValueOrDefault("Source") ?? "", tags!));
            }

            fields = null;
        }
    }

    [GeneratedRegex(@"^Activity\.(\w+):\s*(.*)$")]
    private static partial Regex Field();

    [GeneratedRegex(@"^\s+([^:]+):\s?(.*)$")]
    private static partial Regex Nested();
}
