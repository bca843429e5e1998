using System.Text.Json;
using System.Text.Json.Serialization;

namespace Reactivation.Infra.Sweeps;

/// <summary>The JSON settings for sweep rows and queue messages: camelCase, enums by name.</summary>
public static class SweepJson
{
    /// <summary>The shared options.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };
}
