using System.Globalization;
using System.Text.Json;

namespace Reactivation.Functions.Hosting;

/// <summary>Reads the Functions host's custom-handler invocation body, <c>{"Data": {...}, "Metadata": {...}}</c>, tolerantly.</summary>
/// <remarks>
/// The host serialises non-object values with Newtonsoft's SerializeObject, so a string arrives JSON-encoded twice
/// (<c>"\"hello\""</c>) and a number may arrive as a string (<c>"1"</c>); both forms, and the plain ones, are accepted.
/// </remarks>
public static class InvocationPayload
{
    /// <summary>The text of a Data binding: a string unwrapped once more if it is itself a JSON string literal; an object or array as raw JSON.</summary>
    public static string? DataText(JsonElement body, string binding) =>
        TryGet(body, "Data", binding, out var value) ? TextOf(value) : null;

    /// <summary>An integer from Metadata, given as a number or a (possibly double-encoded) numeric string.</summary>
    public static int? MetadataInt(JsonElement body, string key)
    {
        if (!TryGet(body, "Metadata", key, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetInt32(out var n) => n,
            JsonValueKind.String when int.TryParse(TextOf(value), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) => n,
            _ => null,
        };
    }

    /// <summary>The host's clock at invocation (<c>Metadata.sys.UtcNow</c>), if present.</summary>
    public static DateTimeOffset? HostUtcNow(JsonElement body)
    {
        if (!TryGet(body, "Metadata", "sys", out var sys) || sys.ValueKind != JsonValueKind.Object
            || !sys.TryGetProperty("UtcNow", out var now))
        {
            return null;
        }

        return DateTimeOffset.TryParse(TextOf(now), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) ? parsed : null;
    }

    /// <summary>Unwraps a value to text: strings once more if double-encoded, anything else as raw JSON.</summary>
    public static string? TextOf(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Null or JsonValueKind.Undefined:
                return null;
            case JsonValueKind.String:
                var text = value.GetString()!;
                if (text.Length >= 2 && text[0] == '"' && text[^1] == '"')
                {
                    try
                    {
                        return JsonSerializer.Deserialize<string>(text);
                    }
                    catch (JsonException)
                    {
                        return text;
                    }
                }

                return text;
            default:
                return value.GetRawText();
        }
    }

    private static bool TryGet(JsonElement body, string section, string key, out JsonElement value)
    {
        value = default;
        if (body.ValueKind != JsonValueKind.Object || !TryGetIgnoreCase(body, section, out var container) || container.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        return TryGetIgnoreCase(container, key, out value);
    }

    private static bool TryGetIgnoreCase(JsonElement obj, string name, out JsonElement value)
    {
        foreach (var property in obj.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                value = property.Value;
                return true;
            }
        }

        value = default;
        return false;
    }
}
