using System.CommandLine;
using System.CommandLine.Parsing;

namespace Reactivation.Functions.Cli;

/// <summary>Every error the CLI reports, as one readable line: no CLR type names, no stack traces, no multi-line dumps.</summary>
public static class CliErrors
{
    /// <summary>The exit code of every CLI error (bad arguments, bad configuration, storage out of reach, a failed verb).</summary>
    public const int ExitCode = 2;

    /// <summary>A parse error in the user's words: a value that does not convert names the option and what it should be.</summary>
    public static string Describe(ParseError error)
    {
        var (name, valueType, tokens) = error.SymbolResult switch
        {
            OptionResult option => (option.Option.Name, option.Option.ValueType, option.Tokens),
            ArgumentResult argument => (argument.Argument.Name, argument.Argument.ValueType, argument.Tokens),
            _ => (null, null, null),
        };

        // The parser's conversion errors name the CLR type ("System.Nullable`1[System.Double]"), which says nothing to a user.
        if (name is not null && valueType is not null && error.Message.Contains(valueType.ToString(), StringComparison.Ordinal))
        {
            var given = tokens is { Count: > 0 } ? $"'{tokens[^1].Value}'" : "the value";
            return $"{name}: {given} is not {Expected(valueType)}";
        }

        return OneLine(error.Message);
    }

    /// <summary>An exception a verb ended with, as one line.</summary>
    public static string Describe(Exception exception) => exception switch
    {
        Azure.RequestFailedException { Status: 0 } failed => $"storage is out of reach: {FirstLine(failed.InnerException?.Message ?? failed.Message)}",
        Azure.RequestFailedException failed => $"storage answered {failed.Status}{(failed.ErrorCode is { } code ? $" {code}" : "")}: {FirstLine(failed.Message)}",
        AggregateException { InnerExceptions.Count: 1 } aggregate => Describe(aggregate.InnerExceptions[0]),
        HttpRequestException http => $"a service is out of reach: {OneLine(http.Message)}",
        InvalidOperationException or ArgumentException or FileNotFoundException or DirectoryNotFoundException or FormatException => OneLine(exception.Message),
        _ => $"{exception.GetType().Name}: {OneLine(exception.Message)}",
    };

    private static string Expected(Type type)
    {
        var core = Nullable.GetUnderlyingType(type) ?? type;
        return core switch
        {
            _ when core == typeof(double) || core == typeof(decimal) || core == typeof(float) => "a number (e.g. 0.15)",
            _ when core == typeof(int) || core == typeof(long) => "a whole number",
            _ when core == typeof(bool) => "true or false",
            _ when core == typeof(DateOnly) => "a date (yyyy-MM-dd)",
            _ when core == typeof(DateTimeOffset) || core == typeof(DateTime) => "a date and time (e.g. 2026-11-22T02:00:00Z)",
            _ when core == typeof(TimeSpan) => "a duration (e.g. 00:30:00)",
            { IsEnum: true } => "one of " + string.Join(", ", Enum.GetNames(core).Select(n => char.ToLowerInvariant(n[0]) + n[1..])),
            _ => $"a valid {core.Name}",
        };
    }

    // Multi-line messages (the configuration's list of problems) become one line, their items separated by semicolons.
    private static string OneLine(string message) =>
        string.Join("; ", message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(l => l.TrimStart('-', ' ')))
            .Replace(":;", ":", StringComparison.Ordinal);

    // Storage errors carry the whole response (status, headers, content) after their first line.
    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();
}
