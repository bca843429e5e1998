using System.Text.RegularExpressions;

namespace Reactivation.Core.Journeys;

/// <summary>
/// The variables a Liquid template may use, and the check that it uses no others: every name read in an output
/// (<c>{{ offer.code | upcase }}</c>) or a condition (<c>{% if user.locale == "zh-CN" %}</c>) must be known or defined by the
/// template itself (<c>assign</c>, <c>capture</c>, <c>for</c>), so a typo stops the app at load instead of sending a blank.
/// </summary>
public static partial class TemplateRenderer
{
    /// <summary>The variables any template may use.</summary>
    public static readonly IReadOnlySet<string> KnownVariables = new HashSet<string>(StringComparer.Ordinal)
    {
        "user.id", "user.locale", "user.region", "silence.band", "silence.tier", "silence.cause",
        "offer.id", "offer.code", "offer.name", "offer.value", "offer.threshold", "offer.expiresAt",
        "journey.id", "journey.instance", "journey.step", "variant", "unsubscribe_url", "preferences_url",
    };

    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "and", "or", "contains", "true", "false", "nil", "null", "empty", "blank", "in", "reversed", "limit", "offset", "with",
    };

    /// <summary>The variable paths <paramref name="text"/> reads, with the names it defines itself removed.</summary>
    public static IEnumerable<string> Variables(string text)
    {
        var defined = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match tag in Tag().Matches(text))
        {
            var words = tag.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words is ["assign" or "capture" or "for" or "increment" or "decrement", var name, ..])
            {
                defined.Add(name.Split('=')[0]);
            }
        }

        var read = new List<string>();
        foreach (Match output in Output().Matches(text))
        {
            read.AddRange(Names(output.Groups[1].Value.Split('|')[0]));
        }

        foreach (Match tag in Tag().Matches(text))
        {
            var body = tag.Groups[1].Value.Trim();
            var keyword = body.Split(' ', 2)[0];
            var rest = body.Length > keyword.Length ? body[keyword.Length..] : "";
            switch (keyword)
            {
                case "if" or "elsif" or "unless" or "case" or "when":
                    read.AddRange(Names(rest));
                    break;
                case "for":
                    read.AddRange(Names(rest.Split(" in ", 2) is [_, var collection] ? collection : ""));
                    break;
                case "assign":
                    read.AddRange(Names(rest.Split('=', 2) is [_, var value] ? value.Split('|')[0] : ""));
                    break;
            }
        }

        return read.Where(v => !defined.Contains(v.Split('.')[0]));
    }

    /// <summary>The filters <paramref name="text"/> applies, in outputs and tags alike (<c>| upcase</c>, <c>| track</c>).</summary>
    public static IEnumerable<string> Filters(string text) =>
        Output().Matches(text).Select(m => m.Groups[1].Value).Concat(Tag().Matches(text).Select(m => m.Groups[1].Value))
            .SelectMany(code => FilterName().Matches(StringLiteral().Replace(code, " ")).Select(m => m.Groups[1].Value));

    /// <summary>A problem for each unknown variable in <paramref name="text"/>.</summary>
    public static IEnumerable<string> Problems(string text) =>
        Variables(text).Where(v => !KnownVariables.Contains(v)).Distinct().Select(unknown =>
            $"unknown variable '{unknown}' (known: {string.Join(", ", KnownVariables.Order(StringComparer.Ordinal))})");

    private static IEnumerable<string> Names(string expression) =>
        Name().Matches(StringLiteral().Replace(expression, " "))
            .Select(m => m.Value)
            .Where(n => !Keywords.Contains(n) && !char.IsAsciiDigit(n[0]));

    [GeneratedRegex(@"\{\{-?(.*?)-?\}\}", RegexOptions.Singleline)]
    private static partial Regex Output();

    [GeneratedRegex(@"\{%-?\s*(.*?)\s*-?%\}", RegexOptions.Singleline)]
    private static partial Regex Tag();

    [GeneratedRegex(@"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*")]
    private static partial Regex Name();

    [GeneratedRegex(@"\|\s*([A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex FilterName();

    [GeneratedRegex(@"""[^""]*""|'[^']*'")]
    private static partial Regex StringLiteral();
}
