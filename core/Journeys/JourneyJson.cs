using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Reactivation.Core.Journeys;

/// <summary>The JSON shape of journey definitions: camelCase, durations like <c>7d</c>, times like <c>09:00</c>, unknown properties refused.</summary>
public static partial class JourneyJson
{
    /// <summary>Serializer options for definitions (and anything that embeds them).</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>Parses one definition; JSON errors come back as problems with their line and path.</summary>
    public static (JourneyDefinition? Definition, IReadOnlyList<DefinitionProblem> Problems) Parse(string json, string source)
    {
        try
        {
            var definition = JsonSerializer.Deserialize<JourneyDefinition>(json, Options);
            return definition is null
                ? (null, [new DefinitionProblem(source, "$", "the document is null")])
                : (definition, []);
        }
        catch (JsonException ex)
        {
            var message = ex.InnerException is { } inner && ex.Message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal)
                ? inner.Message
                : ex.Message.Split(" Path:", 2)[0];
            return (null, [new DefinitionProblem(source, ex.Path ?? "$", message, ex.LineNumber + 1)]);
        }
        catch (NotSupportedException ex)
        {
            // A polymorphic step without "kind" is reported this way, with the place only in the message.
            var place = PlaceInMessage().Match(ex.Message);
            var message = ex.Message.Contains("type discriminator", StringComparison.Ordinal)
                ? "every step needs a \"kind\": send, wait, waitFor, branch, split or exit"
                : ex.Message.Split(" Path:", 2)[0];
            return (null, [new DefinitionProblem(
                source,
                place.Success ? place.Groups[1].Value : "$",
                message,
                place.Success ? long.Parse(place.Groups[2].Value, CultureInfo.InvariantCulture) + 1 : null)]);
        }
    }

    /// <summary>Writes <paramref name="definition"/> in the canonical shape.</summary>
    public static string Write(JourneyDefinition definition) => JsonSerializer.Serialize(definition, Options);

    [System.Text.RegularExpressions.GeneratedRegex(@"Path: (\S+) \| LineNumber: (\d+)")]
    private static partial System.Text.RegularExpressions.Regex PlaceInMessage();

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            AllowOutOfOrderMetadataProperties = true,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            RespectRequiredConstructorParameters = true,
            RespectNullableAnnotations = true,
            ReadCommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            WriteIndented = true,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.Converters.Add(new DurationConverter());
        options.Converters.Add(new LocalTimeConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    private sealed class DurationConverter : JsonConverter<TimeSpan>
    {
        public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                throw new JsonException("a duration must be a string such as \"7d\"");
            }

            return DurationText.TryParse(reader.GetString(), out var duration, out var problem) ? duration : throw new JsonException($"duration {problem}");
        }

        public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options) => writer.WriteStringValue(DurationText.Format(value));
    }

    private sealed class LocalTimeConverter : JsonConverter<TimeOnly>
    {
        public override TimeOnly Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.String
            && TimeOnly.TryParseExact(reader.GetString(), ["HH:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
                ? time
                : throw new JsonException("a local time must be a string such as \"09:00\"");

        public override void Write(Utf8JsonWriter writer, TimeOnly value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToString("HH:mm", CultureInfo.InvariantCulture));
    }
}
