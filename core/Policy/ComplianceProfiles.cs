using Reactivation.Core.Journeys;

namespace Reactivation.Core.Policy;

/// <summary>Turns the configured profiles into a lookup from region code to profile, naming every problem on the way.</summary>
public static class ComplianceProfiles
{
    /// <summary>The profile per region code (upper case), and the problems (unknown channels, bad or doubly covered codes).</summary>
    public static (IReadOnlyDictionary<string, ComplianceProfile> ByRegion, IReadOnlyList<string> Problems) Resolve(
        IReadOnlyDictionary<string, ComplianceProfileOptions?> regions)
    {
        var byRegion = new Dictionary<string, ComplianceProfile>(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var (name, options) in regions.OrderBy(r => r.Key, StringComparer.OrdinalIgnoreCase))
        {
            var at = $"Policy:Regions:{name}";
            var channels = new HashSet<Channel>();
            foreach (var item in Items(options?.OptIn).Where(i => !i.Equals("none", StringComparison.OrdinalIgnoreCase)))
            {
                if (item.All(char.IsAsciiLetter) && Enum.TryParse<Channel>(item, ignoreCase: true, out var channel))
                {
                    channels.Add(channel);
                }
                else
                {
                    problems.Add($"{at}:OptIn: '{item}' is not a channel (sms, email or webhook)");
                }
            }

            var profile = new ComplianceProfile(name, channels);
            foreach (var code in Items(options?.Covers ?? name).Select(c => c.ToUpperInvariant()))
            {
                if (code.Length != 2 || !code.All(char.IsAsciiLetterUpper))
                {
                    problems.Add($"{at}:Covers: '{code}' is not a two-letter region code (ISO 3166)");
                }
                else if (!byRegion.TryAdd(code, profile))
                {
                    problems.Add($"{at}:Covers: region {code} is already covered by profile {byRegion[code].Name}; a region may have one profile");
                }
            }
        }

        return (byRegion, problems);
    }

    private static IEnumerable<string> Items(string? list) =>
        (list ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
