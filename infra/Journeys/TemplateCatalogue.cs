using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;
using DotLiquid;
using Reactivation.Core.Journeys;
using Reactivation.Core.Messaging;

namespace Reactivation.Infra.Journeys;

/// <summary>The message templates (Liquid, rendered with DotLiquid), loaded from one JSON file and checked up front, so a broken template stops the app at startup.</summary>
public sealed class TemplateCatalogue
{
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

    private TemplateCatalogue(
        FrozenDictionary<string, MessageTemplate> templates, FrozenDictionary<(string, string), (Template?, Template)> parsed, IReadOnlyList<string> report, IReadOnlyList<string> warnings,
        IReadOnlyList<string> fallbackLocales)
    {
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
    /// <exception cref="InvalidOperationException">The file is not valid JSON or a template does not parse.</exception>
    public static TemplateCatalogue Load(string path, int maxSmsSegments = 2, IReadOnlyList<string>? fallbackLocales = null)
    {
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
                    var (encoding, units, segments) = SmsSegments.Count(Render(body, SamplesFor(locale)));
                    report.Add($"{id}.{locale}: {encoding}, {units} characters, {segments} segment(s)");
                    if (segments > maxSmsSegments)
                    {
                        warnings.Add($"{id}.{locale}: {segments} SMS segments ({encoding}, {units} characters) is over the limit of {maxSmsSegments}");
                    }
                }
            }
        }

        return problems.Count == 0
            ? new TemplateCatalogue((templates ?? []).ToFrozenDictionary(StringComparer.Ordinal), parsed.ToFrozenDictionary(), report, warnings, fallbackLocales ?? [])
            : throw new InvalidOperationException($"{Path.GetFileName(path)}: " + string.Join("; ", problems));
    }

    /// <summary>Renders template <paramref name="id"/> for <paramref name="locale"/> with <paramref name="model"/>.</summary>
    /// <returns>The locale used, the subject (email) and the body.</returns>
    public (string Locale, string? Subject, string Body) Render(string id, string? locale, IReadOnlyDictionary<string, string?> values)
    {
        var (chosen, _) = _templates[id].For(locale, FallbackLocales);
        var (subject, body) = _parsed[(id, chosen)];
        return (chosen, subject is null ? null : Render(subject, values), Render(body, values));
    }

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
