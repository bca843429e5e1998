namespace Reactivation.Core.Offers;

/// <summary>Picks the variant of a localised text for a user's locale, with the fallback message templates use.</summary>
public static class LocaleChoice
{
    /// <summary>The entry for <paramref name="locale"/>: exact (ignoring case), then the same language, then the first listed.</summary>
    /// <returns>The chosen locale and value, or null when <paramref name="variants"/> is empty.</returns>
    public static KeyValuePair<string, T>? Pick<T>(IReadOnlyDictionary<string, T> variants, string? locale)
    {
        ArgumentNullException.ThrowIfNull(variants);
        if (locale is not null)
        {
            foreach (var entry in variants)
            {
                if (string.Equals(entry.Key, locale, StringComparison.OrdinalIgnoreCase))
                {
                    return entry;
                }
            }

            var language = LanguageOf(locale);
            foreach (var entry in variants)
            {
                if (string.Equals(LanguageOf(entry.Key), language, StringComparison.OrdinalIgnoreCase))
                {
                    return entry;
                }
            }
        }

        foreach (var entry in variants)
        {
            return entry;
        }

        return null;
    }

    private static string LanguageOf(string locale) => locale.Split('-', 2)[0];
}
