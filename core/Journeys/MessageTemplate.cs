namespace Reactivation.Core.Journeys;

/// <summary>One message's wording, per locale; bodies are Liquid (rendered by the shell).</summary>
/// <param name="Channel">The channel it is written for.</param>
/// <param name="Locales">Locale (for example <c>zh-CN</c>) to the text; the first listed is the fallback.</param>
/// <param name="Purpose">Marketing messages must offer an opt-out; service messages need not.</param>
public sealed record MessageTemplate(Channel Channel, IReadOnlyDictionary<string, TemplateText> Locales, TemplatePurpose Purpose = TemplatePurpose.Marketing)
{
    /// <summary>
    /// The text for <paramref name="locale"/> by the fallback chain: the exact tag, then each shorter prefix of it
    /// (<c>zh-Hant-TW</c>, <c>zh-Hant</c>, <c>zh</c>), then any variant of the same language, then each of
    /// <paramref name="fallbacks"/> in order, then the first listed.
    /// </summary>
    public (string Locale, TemplateText Text) For(string? locale, IReadOnlyList<string>? fallbacks = null)
    {
        foreach (var candidate in Chain(locale).Concat(fallbacks ?? []))
        {
            foreach (var (key, text) in Locales)
            {
                if (string.Equals(key, candidate, StringComparison.OrdinalIgnoreCase))
                {
                    return (key, text);
                }
            }

            if (!candidate.Contains('-', StringComparison.Ordinal))
            {
                foreach (var (key, text) in Locales)
                {
                    if (key.StartsWith(candidate + "-", StringComparison.OrdinalIgnoreCase))
                    {
                        return (key, text);
                    }
                }
            }
        }

        var first = Locales.First();
        return (first.Key, first.Value);
    }

    private static IEnumerable<string> Chain(string? locale)
    {
        if (string.IsNullOrWhiteSpace(locale))
        {
            yield break;
        }

        var tag = locale.Trim().Replace('_', '-');
        while (true)
        {
            yield return tag;
            var cut = tag.LastIndexOf('-');
            if (cut <= 0)
            {
                yield break;
            }

            tag = tag[..cut];
        }
    }
}

/// <summary>A subject (email only) and a body.</summary>
/// <param name="Body">The body.</param>
/// <param name="Subject">The email subject.</param>
public sealed record TemplateText(string Body, string? Subject = null);

/// <summary>What a message is for, which decides the rules it must follow.</summary>
public enum TemplatePurpose
{
    /// <summary>Promotional: needs consent and an opt-out.</summary>
    Marketing,

    /// <summary>Transactional or operational (a login link, a task for customer service).</summary>
    Service,
}
