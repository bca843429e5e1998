using System.Text.Json;
using Reactivation.Core.Journeys;

namespace Reactivation.Core.Offers;

/// <summary>Reading a catalogue from JSON, strictly: every unknown or repeated property, wrong type or bad value is a problem.</summary>
/// <remarks>
/// The document is walked by hand rather than deserialized, because the serializer stops at the first error and the
/// catalogue's author should see all of them at once. Catalogue files live in deployments, so the shape is a contract:
/// add properties, never rename them.
/// </remarks>
public sealed partial class OfferCatalogue
{
    private static readonly string[] CampaignProperties = ["id", "budget", "perUserCeiling", "description"];
    private static readonly string[] OfferProperties = ["id", "kind", "name", "value", "threshold", "cost", "validFor", "campaign", "codePrefix"];

    /// <summary>Parses and checks a catalogue.</summary>
    /// <param name="json">The document: <c>{"campaigns": [...], "offers": [...]}</c>; comments and trailing commas are allowed.</param>
    /// <param name="source">Where it came from, for the problems.</param>
    /// <returns>The catalogue, or null with every problem found.</returns>
    public static (OfferCatalogue? Catalogue, IReadOnlyList<CatalogueProblem> Problems) Parse(string json, string source)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException ex)
        {
            return (null, [new CatalogueProblem(source, ex.Path ?? "$", ex.Message.Split(" Path:", 2)[0].Split(" LineNumber:", 2)[0], ex.LineNumber + 1)]);
        }

        using (document)
        {
            var reader = new Json(source);
            var campaigns = new List<Entry<Campaign>>();
            var offers = new List<Entry<Offer>>();
            if (reader.Object(document.RootElement, "$", ["campaigns", "offers"], ["campaigns", "offers"]) is { } root)
            {
                foreach (var (i, element) in reader.Array(root, "campaigns", "$.campaigns"))
                {
                    if (reader.Campaign(element, i) is { } campaign)
                    {
                        campaigns.Add(campaign);
                    }
                }

                foreach (var (i, element) in reader.Array(root, "offers", "$.offers"))
                {
                    if (reader.Offer(element, i) is { } offer)
                    {
                        offers.Add(offer);
                    }
                }
            }

            var problems = reader.Problems;
            Check(source, campaigns, offers, problems);
            return problems.Count == 0
                ? (new OfferCatalogue([.. campaigns.Select(c => c.Item)], [.. offers.Select(o => o.Item)]), [])
                : (null, problems);
        }
    }

    private sealed class Json(string source)
    {
        public List<CatalogueProblem> Problems { get; } = [];

        public Dictionary<string, JsonElement>? Object(JsonElement element, string path, string[] known, string[] required)
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                Add(path, $"must be an object, not {Describe(element)}");
                return null;
            }

            var properties = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (var property in element.EnumerateObject())
            {
                if (!known.Contains(property.Name, StringComparer.Ordinal))
                {
                    Add($"{path}.{property.Name}", $"unknown property; expected {string.Join(", ", known)}");
                }
                else if (!properties.TryAdd(property.Name, property.Value))
                {
                    Add($"{path}.{property.Name}", "appears more than once");
                }
            }

            foreach (var name in required.Where(name => !properties.ContainsKey(name)))
            {
                Add($"{path}.{name}", "is required");
            }

            // Returned even when incomplete, so the properties that are present are still checked and reported.
            return properties;
        }

        public IEnumerable<(int Index, JsonElement Element)> Array(Dictionary<string, JsonElement> parent, string name, string path)
        {
            if (!parent.TryGetValue(name, out var element))
            {
                return [];
            }

            if (element.ValueKind != JsonValueKind.Array)
            {
                Add(path, $"must be an array, not {Describe(element)}");
                return [];
            }

            return element.EnumerateArray().Select((e, i) => (i, e)).ToList();
        }

        public Entry<Campaign>? Campaign(JsonElement element, int index)
        {
            var path = At("campaigns", index, PeekId(element));
            if (Object(element, path, CampaignProperties, ["id", "budget", "perUserCeiling"]) is not { } properties)
            {
                return null;
            }

            var unreadable = new HashSet<string>(StringComparer.Ordinal);
            var id = Read(properties, "id", path, String, unreadable, required: true);
            var budget = Read(properties, "budget", path, Amount, unreadable, required: true);
            var ceiling = Read(properties, "perUserCeiling", path, Amount, unreadable, required: true);
            var description = Read(properties, "description", path, String, unreadable, required: false);
            return new Entry<Campaign>(index, new Campaign(id ?? "", budget ?? 0, ceiling ?? 0, description), unreadable);
        }

        public Entry<Offer>? Offer(JsonElement element, int index)
        {
            var path = At("offers", index, PeekId(element));
            if (Object(element, path, OfferProperties, ["id", "kind", "name", "value", "validFor", "campaign", "codePrefix"]) is not { } properties)
            {
                return null;
            }

            var unreadable = new HashSet<string>(StringComparer.Ordinal);
            var id = Read(properties, "id", path, String, unreadable, required: true);
            var kind = Read(properties, "kind", path, Kind, unreadable, required: true);
            var name = Read(properties, "name", path, Names, unreadable, required: true);
            var value = Read(properties, "value", path, Amount, unreadable, required: true);
            var threshold = Read(properties, "threshold", path, Amount, unreadable, required: false);
            var cost = Read(properties, "cost", path, Amount, unreadable, required: false);
            var validFor = Read(properties, "validFor", path, Duration, unreadable, required: true);
            var campaign = Read(properties, "campaign", path, String, unreadable, required: true);
            var prefix = Read(properties, "codePrefix", path, String, unreadable, required: true);
            if (!properties.ContainsKey("cost"))
            {
                if (kind is OfferKind.TierUpgrade or OfferKind.ProductTrial)
                {
                    // An upgrade or a trial has no face value to charge by default; its unit cost must be stated.
                    Add($"{path}.cost", $"a {KindName(kind.Value)} needs the unit cost one issuance charges the budget");
                    unreadable.Add("cost");
                }
                else if (value is null)
                {
                    // The cost would default to the value, which could not be read.
                    unreadable.Add("cost");
                }
            }

            // Placeholders stand in for what could not be read; the checks skip the rules that depend on them.
            var offer = new Offer(
                id ?? "", kind ?? OfferKind.NoThresholdCoupon, name ?? new OrderedDictionary<string, string>(), value ?? 0, threshold, cost ?? value ?? 0,
                validFor ?? TimeSpan.Zero, campaign ?? "", prefix ?? "");
            return new Entry<Offer>(index, offer, unreadable);
        }

        // The id labels every location in the entry, as the checks label theirs, so all of one entry's problems read alike.
        private static string? PeekId(JsonElement element) =>
            element.ValueKind == JsonValueKind.Object && element.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;

        // A property that is required and missing, or present with a bad value, is unreadable; an optional one left out is simply absent.
        private static T? Read<T>(
            Dictionary<string, JsonElement> properties, string name, string path, Func<JsonElement, string, T?> read, HashSet<string> unreadable, bool required)
        {
            if (!properties.TryGetValue(name, out var element))
            {
                if (required)
                {
                    unreadable.Add(name);
                }

                return default;
            }

            var value = read(element, $"{path}.{name}");
            if (value is null)
            {
                unreadable.Add(name);
            }

            return value;
        }

        private string? String(JsonElement element, string path)
        {
            if (element.ValueKind == JsonValueKind.String)
            {
                return element.GetString();
            }

            Add(path, $"must be a string, not {Describe(element)}");
            return null;
        }

        private decimal? Amount(JsonElement element, string path)
        {
            if (element.ValueKind != JsonValueKind.Number)
            {
                Add(path, $"must be a number, not {Describe(element)}");
                return null;
            }

            if (!element.TryGetDecimal(out var amount))
            {
                Add(path, $"{element.GetRawText()} is not an amount (out of range)");
                return null;
            }

            return amount;
        }

        private TimeSpan? Duration(JsonElement element, string path)
        {
            if (String(element, path) is not { } text)
            {
                return null;
            }

            if (DurationText.TryParse(text, out var duration, out var problem))
            {
                return duration;
            }

            Add(path, $"duration {problem}");
            return null;
        }

        private OfferKind? Kind(JsonElement element, string path)
        {
            if (String(element, path) is not { } text)
            {
                return null;
            }

            foreach (var kind in Enum.GetValues<OfferKind>())
            {
                if (KindName(kind) == text)
                {
                    return kind;
                }
            }

            Add(path, $"'{text}' is not an offer kind; use {string.Join(", ", Enum.GetValues<OfferKind>().Select(KindName))}");
            return null;
        }

        private OrderedDictionary<string, string>? Names(JsonElement element, string path)
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                Add(path, $"must be an object of locale to name, not {Describe(element)}");
                return null;
            }

            // Ordered, because the first locale listed is the fallback.
            var names = new OrderedDictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            var complete = true;
            foreach (var property in element.EnumerateObject())
            {
                if (String(property.Value, $"{path}.{property.Name}") is not { } name)
                {
                    complete = false;
                }
                else if (!names.TryAdd(property.Name, name))
                {
                    Add($"{path}.{property.Name}", "appears more than once");
                    complete = false;
                }
            }

            return complete ? names : null;
        }

        private void Add(string location, string message) => Problems.Add(new CatalogueProblem(source, location, message));

        private static string Describe(JsonElement element) => element.ValueKind switch
        {
            JsonValueKind.Object => "an object",
            JsonValueKind.Array => "an array",
            JsonValueKind.String => "a string",
            JsonValueKind.Number => "a number",
            JsonValueKind.True or JsonValueKind.False => "a boolean",
            _ => "null",
        };
    }
}
