using System.Text.RegularExpressions;

namespace Reactivation.Core.Journeys;

/// <summary>
/// Fills <c>{{ name }}</c> placeholders from a set of values. Deliberately tiny: the Liquid library (Fluid) on our
/// package feed cannot load its parser dependency, so until it can, templates use plain placeholders, checked at load.
/// </summary>
public static partial class TemplateRenderer
{
    /// <summary>The placeholders any template may use.</summary>
    public static readonly IReadOnlySet<string> KnownVariables = new HashSet<string>(StringComparer.Ordinal)
    {
        "user.id", "user.locale", "offer", "journey.id", "journey.instance", "journey.step", "variant",
    };

    /// <summary>The placeholders <paramref name="text"/> uses.</summary>
    public static IEnumerable<string> Variables(string text) => Placeholder().Matches(text).Select(m => m.Groups[1].Value);

    /// <summary>A problem for each malformed or unknown placeholder in <paramref name="text"/>.</summary>
    public static IEnumerable<string> Problems(string text)
    {
        foreach (var unknown in Variables(text).Where(v => !KnownVariables.Contains(v)).Distinct())
        {
            yield return $"unknown variable '{unknown}' (known: {string.Join(", ", KnownVariables.Order(StringComparer.Ordinal))})";
        }

        var stripped = Placeholder().Replace(text, "");
        if (stripped.Contains("{{", StringComparison.Ordinal) || stripped.Contains("}}", StringComparison.Ordinal))
        {
            yield return "an unbalanced or malformed {{ placeholder }}";
        }
    }

    /// <summary>Replaces every placeholder with its value (empty when null).</summary>
    public static string Render(string text, IReadOnlyDictionary<string, string?> values) =>
        Placeholder().Replace(text, m => values.GetValueOrDefault(m.Groups[1].Value) ?? "");

    [GeneratedRegex(@"\{\{\s*([A-Za-z_][A-Za-z0-9_.]*)\s*\}\}")]
    private static partial Regex Placeholder();
}
