using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using CsvHelper;
using Reactivation.Core.Activity;
using Reactivation.Core.Policy;
using Reactivation.Core.Users;
using Reactivation.Functions.Api;

namespace Reactivation.Functions.Cli;

/// <summary>Streams records out of NDJSON or CSV files, one at a time, so memory stays flat whatever the file size.</summary>
public static class ImportReader
{
    /// <summary>Reads activity events.</summary>
    public static IAsyncEnumerable<ImportRecord<ActivityEventInput>> EventsAsync(TextReader reader, ImportFormat format, CancellationToken cancellationToken) =>
        format == ImportFormat.Ndjson ? NdjsonAsync<ActivityEventInput>(reader, cancellationToken) : CsvAsync<ActivityEventInput>(reader, ReadEvent, cancellationToken);

    /// <summary>Reads users.</summary>
    public static IAsyncEnumerable<ImportRecord<UserInput>> UsersAsync(TextReader reader, ImportFormat format, CancellationToken cancellationToken) =>
        format == ImportFormat.Ndjson ? NdjsonAsync<UserInput>(reader, cancellationToken) : CsvAsync<UserInput>(reader, ReadUser, cancellationToken);

    /// <summary>The format a file name implies (<c>.csv</c> or anything else as NDJSON).</summary>
    /// <summary>Consent changes, one per line or CSV row, with the fields of <c>POST /api/consent</c>.</summary>
    public static IAsyncEnumerable<ImportRecord<ConsentInput>> ConsentAsync(TextReader reader, ImportFormat format, CancellationToken cancellationToken) =>
        format == ImportFormat.Ndjson ? NdjsonAsync<ConsentInput>(reader, cancellationToken) : CsvAsync<ConsentInput>(reader, ReadConsent, cancellationToken);

    public static ImportFormat FormatOf(string path) =>
        Path.GetExtension(path).Equals(".csv", StringComparison.OrdinalIgnoreCase) ? ImportFormat.Csv : ImportFormat.Ndjson;

    private static async IAsyncEnumerable<ImportRecord<T>> NdjsonAsync<T>(TextReader reader, [EnumeratorCancellation] CancellationToken cancellationToken)
        where T : class
    {
        long line = 0;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } text)
        {
            line++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            T? value = null;
            string? error = null;
            try
            {
                value = JsonSerializer.Deserialize<T>(text, JsonBody.Options) ?? throw new JsonException("the line is null");
            }
            catch (JsonException ex)
            {
                error = ex.Message;
            }

            yield return new ImportRecord<T>(line, value, error);
        }
    }

    private static async IAsyncEnumerable<ImportRecord<T>> CsvAsync<T>(
        TextReader reader, Func<HeaderedRow, T> read, [EnumeratorCancellation] CancellationToken cancellationToken)
        where T : class
    {
        await using var csv = CsvReader.Create(reader, new CsvReaderOptions { TrackLineNumbers = true }, false);
        await csv.ReadHeaderAsync(cancellationToken).ConfigureAwait(false);
        var columns = csv.Headers.Select((h, i) => (Name: h.Trim().ToLowerInvariant(), Index: i))
            .GroupBy(c => c.Name).ToDictionary(g => g.Key, g => g.First().Index, StringComparer.Ordinal);
        while (await csv.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            T? value = null;
            string? error = null;
            try
            {
                value = read(new HeaderedRow(csv, columns));
            }
            catch (FormatException ex)
            {
                error = ex.Message;
            }

            yield return new ImportRecord<T>(csv.LineNumber, value, error);
        }
    }

    private static ActivityEventInput ReadEvent(HeaderedRow csv) => new()
    {
        EventId = Field(csv, "eventid"),
        UserId = Field(csv, "userid"),
        Type = Field(csv, "type"),
        OccurredAt = Field(csv, "occurredat") is { } at ? ParseTime(at, "occurredAt") : null,
        Amount = Field(csv, "amount") is { } amount
            ? decimal.TryParse(amount, NumberStyles.Number, CultureInfo.InvariantCulture, out var a) ? a : throw new FormatException($"amount '{amount}' is not a number")
            : null,
        Currency = Field(csv, "currency"),
    };

    private static UserInput ReadUser(HeaderedRow csv) => new()
    {
        UserId = Field(csv, "userid"),
        Phone = Field(csv, "phone"),
        Email = Field(csv, "email"),
        TimeZone = Field(csv, "timezone"),
        Locale = Field(csv, "locale"),
        Region = Field(csv, "region"),
        RegisteredAt = Field(csv, "registeredat") is { } at ? ParseTime(at, "registeredAt") : null,
    };

    private static ConsentInput ReadConsent(HeaderedRow csv) => new(
        Field(csv, "changeid"), Field(csv, "userid"), Field(csv, "channel"), Field(csv, "purpose"), Field(csv, "state"), Field(csv, "source"),
        Field(csv, "at") is { } at ? ParseTime(at, "at") : null,
        Field(csv, "textversion"), Field(csv, "ip"), Field(csv, "useragent"), Field(csv, "keyword"));

    private static DateTimeOffset ParseTime(string text, string name) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
            ? at
            : throw new FormatException($"{name} '{text}' is not an ISO 8601 time");

    private static string? Field(HeaderedRow row, string name) =>
        row.Columns.TryGetValue(name, out var index) && index < row.Reader.FieldCount && row.Reader.GetStringOrNull(index) is { } value
            && !string.IsNullOrWhiteSpace(value)
            ? value.Trim()
            : null;

    /// <summary>The current CSV record with its header map (column names lower-cased).</summary>
    private readonly record struct HeaderedRow(CsvReader Reader, Dictionary<string, int> Columns);
}
