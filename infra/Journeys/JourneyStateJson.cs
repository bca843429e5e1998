using System.Text.Json;
using System.Text.Json.Serialization;

namespace Reactivation.Infra.Journeys;

/// <summary>How instance state, history and queue messages are written: compact camelCase JSON with enum names.</summary>
public static class JourneyStateJson
{
    /// <summary>The options.</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
