using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using DotLiquid;
using Reactivation.Core.Journeys;
using Reactivation.Core.Messaging;
using Reactivation.Infra.Links;

namespace Reactivation.Infra.Journeys;

/// <summary>The message templates (Liquid, rendered with DotLiquid), loaded from one JSON file and checked up front, so a broken template stops the app at startup.</summary>
/// <remarks>
/// Links are signed as the message is rendered for its send: <c>{{ "https://…" | track }}</c> becomes a tracked
/// <c>/r/</c> link, and <c>{{ unsubscribe_url }}</c> and <c>{{ preferences_url }}</c> the send's consent links. A literal
/// destination that is not allow-listed stops the load; one that comes from a variable fails the render.
/// </remarks>
public sealed partial class TemplateCatalogue
{
    private const string SampleSendKey = "standard~u0000000~1~gift-sms~1";

    // Registered globally because a thread-safe template ignores filters passed per render; the filter takes the send
    // from the rendering thread's scope (LinkFilters.For), so nothing about one render leaks into another.
    static TemplateCatalogue() => Template.RegisterFilter(typeof(LinkFilters));

    private static readonly Dictionary<string, string?> SampleValues = new()
    {
        ["user.id"] = "u0000000",
        ["user.locale"] = "zh-CN",
        ["user.region"] = "CN",
        ["silence.band"] = "from3To6Months",
        ["silence.tier"] = "highValue",
        ["silence.cause"] = "naturalDecline",
        ["offer.id"] = "coupon-20",
        ["offer.code"] = "R20-7KQ2M9XA5B",
        ["offer.name"] = "20元无门槛券",
        ["offer.value"] = "20",
        ["offer.threshold"] = "199",
        ["offer.expiresAt"] = "2026-12-01 23:59",
        ["journey.id"] = "standard",
        ["journey.instance"] = "standard~u0000000~1",
        ["journey.step"] = "gift-sms",
        ["variant"] = "a",
    };

    // The offer's name is shown in the user's language, so a Chinese name must not make an English SMS look like UCS-2.
    private static Dictionary<string, string?> SamplesFor(string locale) =>
        locale.StartsWith("zh", StringComparison.OrdinalIgnoreCase)
            ? SampleValues
            : new Dictionary<string, string?>(SampleValues) { ["offer.name"] = "20 off, no minimum spend" };

    private readonly FrozenDictionary<string, MessageTemplate> _templates;
    private readonly FrozenDictionary<(string Id, string Locale), (Template? Subject, Template Body)> _parsed;
    private readonly LinkMinter _links;

    private TemplateCatalogue(
        FrozenDictionary<string, MessageTemplate> templates, FrozenDictionary<(string, string), (Template?, Template)> parsed, IReadOnlyList<string> report, IReadOnlyList<string> warnings,
        IReadOnlyList<string> fallbackLocales, LinkMinter links)
    {
        _links = links;
        FallbackLocales = fallbackLocales;
        _templates = templates;
        _parsed = parsed;
        Report = report;
        Warnings = warnings;
    }

    /// <summary>One line per SMS template and locale: encoding, length and segments (with sample values in the placeholders).</summary>
    public IReadOnlyList<string> Report { get; }

    /// <summary>Locales tried when a template has no variant of the user's language.</summary>
    public IReadOnlyList<string> FallbackLocales { get; }

    /// <summary>What deserves a look but does not stop the app: SMS over the segment limit, absolute claims.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>True when template <paramref name="id"/> exists.</summary>
    public bool Contains(string id) => _templates.ContainsKey(id);

    /// <summary>What template <paramref name="id"/> is for (marketing when the template is unknown, the stricter reading).</summary>
    public TemplatePurpose PurposeOf(string id) => _templates.TryGetValue(id, out var template) ? template.Purpose : TemplatePurpose.Marketing;

    /// <summary>Template id to the channel it is written for, for definition validation.</summary>
    public IReadOnlyDictionary<string, Channel> Channels => _templates.ToDictionary(t => t.Key, t => t.Value.Channel, StringComparer.Ordinal);

    /// <summary>Loads and parses <paramref name="path"/>; throws listing every problem.</summary>
    /// <param name="path">The templates file.</param>
    /// <param name="maxSmsSegments">Longer SMS (with sample values) are warned about.</param>
    /// <param name="fallbackLocales">Locales tried when a template lacks the user's.</param>
    /// <param name="links">Signs the links messages carry and knows where they may lead (<see cref="LinkMinter.Sample"/> when null).</param>
    /// <exception cref="InvalidOperationException">The file is not valid JSON or a template does not parse.</exception>
    public static TemplateCatalogue Load(string path, int maxSmsSegments = 2, IReadOnlyList<string>? fallbackLocales = null, LinkMinter? links = null)
    {
        links ??= LinkMinter.Sample;
        Dictionary<string, MessageTemplate>? templates;
        try
        {
            templates = JsonSerializer.Deserialize<Dictionary<string, MessageTemplate>>(File.ReadAllText(path), JourneyJson.Options);
        }
        catch (JsonException ex)
        {
            throw new InvalidOperationException($"{Path.GetFileName(path)}:{ex.LineNumber + 1}: {ex.Path}: {ex.Message.Split(" Path:", 2)[0]}", ex);
        }

        var problems = new List<string>();
        var warnings = new List<string>();
        var report = new List<string>();
        var parsed = new Dictionary<(string, string), (Template?, Template)>();
        foreach (var (id, template) in templates ?? [])
        {
            if (template.Locales.Count == 0)
            {
                problems.Add($"{id}: needs at least one locale");
            }

            foreach (var (locale, text) in template.Locales)
            {
                problems.AddRange(TemplateRenderer.Problems(text.Body).Select(p => $"{id}.{locale}.body: {p}"));
                problems.AddRange(TemplateRenderer.Problems(text.Subject ?? "").Select(p => $"{id}.{locale}.subject: {p}"));
                problems.AddRange(TrackedLiterals(text.Body).Where(d => !links.IsAllowed(d))
                    .Select(d => $"{id}.{locale}.body: tracks a link to '{d}', which is not an allowed destination (Links:AllowedDestinations)"));
                var body = ParseLiquid(text.Body, $"{id}.{locale}.body", problems);
                var subject = text.Subject is null ? null : ParseLiquid(text.Subject, $"{id}.{locale}.subject", problems);
                if (body is null)
                {
                    continue;
                }

                parsed[(id, locale)] = (subject, body);
                if (template.Channel == Channel.Email && text.Subject is null)
                {
                    problems.Add($"{id}.{locale}: an email template needs a subject");
                }

                var whole = $"{text.Subject} {text.Body}";
                if (template.Purpose == TemplatePurpose.Marketing && template.Channel is Channel.Sms or Channel.Email
                    && !ContentLint.HasOptOut(whole, template.Channel == Channel.Sms))
                {
                    problems.Add($"{id}.{locale}: a marketing {template.Channel.ToString().ToLowerInvariant()} must offer an opt-out " +
                        (template.Channel == Channel.Sms ? "(for example 回T退订 or Reply STOP)" : "(退订 or unsubscribe)"));
                }

                foreach (var claim in ContentLint.Claims(whole))
                {
                    warnings.Add($"{id}.{locale}: '{claim}' is an absolute claim the advertising law bans");
                }

                if (template.Channel == Channel.Sms)
                {
                    string sample;
                    using (LinkFilters.For(links, SampleSendKey, "sms"))
                    {
                        sample = Render(body, WithLinks(SamplesFor(locale), links, SampleSendKey));
                    }

                    var (encoding, units, segments) = SmsSegments.Count(sample);
                    report.Add($"{id}.{locale}: {encoding}, {units} characters, {segments} segment(s)");
                    if (segments > maxSmsSegments)
                    {
                        warnings.Add($"{id}.{locale}: {segments} SMS segments ({encoding}, {units} characters) is over the limit of {maxSmsSegments}");
                    }
                }
            }
        }

        return problems.Count == 0
            ? new TemplateCatalogue((templates ?? []).ToFrozenDictionary(StringComparer.Ordinal), parsed.ToFrozenDictionary(), report, warnings, fallbackLocales ?? [], links)
            : throw new InvalidOperationException($"{Path.GetFileName(path)}: " + string.Join("; ", problems));
    }

    /// <summary>Renders template <paramref name="id"/> for <paramref name="locale"/> with <paramref name="values"/>.</summary>
    /// <param name="id">The template.</param>
    /// <param name="locale">The user's locale.</param>
    /// <param name="values">The variables.</param>
    /// <param name="sendKey">The send being rendered: its links are signed for it. Without one, a template that links fails.</param>
    /// <returns>The locale used, the subject (email) and the body.</returns>
    public (string Locale, string? Subject, string Body) Render(string id, string? locale, IReadOnlyDictionary<string, string?> values, string? sendKey = null)
    {
        var (chosen, _) = _templates[id].For(locale, FallbackLocales);
        var (subject, body) = _parsed[(id, chosen)];
        var all = sendKey is null ? values : WithLinks(values, _links, sendKey);
        var channel = _templates[id].Channel.ToString().ToLowerInvariant();
        using var scope = LinkFilters.For(_links, sendKey, channel, values.GetValueOrDefault("variant"));
        return (chosen, subject is null ? null : Render(subject, all), Render(body, all));
    }

    // Consent links are minted for every send (cheap: one HMAC each), so a template need only name them.
    private static Dictionary<string, string?> WithLinks(IReadOnlyDictionary<string, string?> values, LinkMinter links, string sendKey) =>
        new(values) { ["unsubscribe_url"] = links.UnsubscribeUrl(sendKey), ["preferences_url"] = links.PreferencesUrl(sendKey) };

    private static IEnumerable<string> TrackedLiterals(string text) => TrackedLiteral().Matches(text).Select(m => m.Groups[2].Value);

    [GeneratedRegex(@"\{\{-?\s*([""'])(.*?)\1\s*\|\s*track\b", RegexOptions.Singleline)]
    private static partial Regex TrackedLiteral();

    private static Template? ParseLiquid(string text, string where, List<string> problems)
    {
        try
        {
            var template = Template.Parse(text);
            template.MakeThreadSafe();
            return template;
        }
        catch (DotLiquid.Exceptions.LiquidException ex)
        {
            problems.Add($"{where}: {ex.Message}");
            return null;
        }
    }

    // Dotted names become nested hashes ("user.id" -> user: { id }), as Liquid reads them; render errors are thrown, not printed into the message.
    private static string Render(Template template, IReadOnlyDictionary<string, string?> values)
    {
        var root = new Hash();
        foreach (var (name, value) in values)
        {
            var parts = name.Split('.');
            var hash = root;
            foreach (var part in parts[..^1])
            {
                if (hash[part] is not Hash child)
                {
                    hash[part] = child = new Hash();
                }

                hash = child;
            }

            hash[parts[^1]] = value;
        }

        return template.Render(new RenderParameters(CultureInfo.InvariantCulture) { LocalVariables = root, ErrorsOutputMode = ErrorsOutputMode.Rethrow });
    }
}
