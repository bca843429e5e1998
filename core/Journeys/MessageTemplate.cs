namespace Reactivation.Core.Journeys;

/// <summary>One message's wording, per locale; bodies are Liquid (rendered by the shell).</summary>
/// <param name="Channel">The channel it is written for.</param>
/// <param name="Locales">Locale (for example <c>zh-CN</c>) to the text; the first listed is the fallback.</param>
/// <param name="Purpose">Marketing messages must offer an opt-out; service messages need not.</param>
public sealed record MessageTemplate(Channel Channel, IReadOnlyDictionary<string, TemplateText> Locales, TemplatePurpose Purpose = TemplatePurpose.Marketing)
{
    /// <summary>The text for <paramref name="locale"/>: exact, then the same language, then the first listed.</summary>
    public (string Locale, TemplateText Text) For(string? locale)
    {
        if (locale is not null)
        {
            foreach (var (key, text) in Locales)
            {
                if (string.Equals(key, locale, StringComparison.OrdinalIgnoreCase))
                {
                    return (key, text);
                }
            }

            var language = locale.Split('-', 2)[0];
            foreach (var (key, text) in Locales)
            {
                if (string.Equals(key.Split('-', 2)[0], language, StringComparison.OrdinalIgnoreCase))
                {
                    return (key, text);
                }
            }
        }

        var first = Locales.First();
        return (first.Key, first.Value);
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
