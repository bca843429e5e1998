using System.Text.Json;
using System.Text.Json.Serialization;
using Reactivation.Core.Activity;

namespace Reactivation.Functions.Api;

/// <summary>Reads a JSON request body holding a list: either a top-level array or an object with the list under one property.</summary>
/// <remarks>Each element is bound on its own, so one malformed element is reported at its index and the rest are still checked.</remarks>
public static class JsonBody
{
    /// <summary>Web defaults, strict about unknown members so typos are reported instead of ignored.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>Reads the list; returns either items (null where an element could not be bound) and per-element problems, or a whole-body problem.</summary>
    public static async Task<(IReadOnlyList<T?> Items, List<ValidationProblem> Problems, IResult? BodyProblem)> ReadListAsync<T>(
        HttpRequest request, string property, CancellationToken cancellationToken)
        where T : class
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            return ([], [], Problems.MalformedJson(ex));
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty(property, out var inner))
            {
                root = inner;
            }

            if (root.ValueKind != JsonValueKind.Array)
            {
                return ([], [], Problems.Invalid($"The body must be a JSON array, or an object with an array under \"{property}\".",
                    [new ValidationProblem("", $"expected an array, found {root.ValueKind.ToString().ToLowerInvariant()}")]));
            }

            var items = new List<T?>(root.GetArrayLength());
            var problems = new List<ValidationProblem>();
            var index = 0;
            foreach (var element in root.EnumerateArray())
            {
                try
                {
                    items.Add(element.Deserialize<T>(Options));
                }
                catch (JsonException ex)
                {
                    items.Add(null);
                    problems.Add(new ValidationProblem($"/{index}{PointerOf(ex.Path)}", ex.Message));
                }

                index++;
            }

            return (items, problems, null);
        }
    }

    /// <summary>
    /// Combines binding problems with validation problems, dropping the validator's "must be an object" for elements
    /// that already failed to bind (the binding problem says more).
    /// </summary>
    public static List<ValidationProblem> Merge(IReadOnlyList<ValidationProblem> binding, IReadOnlyList<ValidationProblem> validation)
    {
        var unbound = binding.Select(b => "/" + b.Location.Split('/')[1]).ToHashSet(StringComparer.Ordinal);
        return binding.Concat(validation.Where(v => !unbound.Contains(v.Location))).OrderBy(p => p.Location, StringComparer.Ordinal).ToList();
    }

    private static string PointerOf(string? jsonPath) =>
        string.IsNullOrEmpty(jsonPath) || jsonPath == "$" ? "" : "/" + jsonPath.TrimStart('$', '.').Replace('.', '/');
}
