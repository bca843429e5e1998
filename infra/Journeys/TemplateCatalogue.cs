using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Fluid;
using Fluid.Values;
using Reactivation.Core.Journeys;
using Reactivation.Core.Messaging;
using Reactivation.Infra.Links;

namespace Reactivation.Infra.Journeys;

/// <summary>The message templates (Liquid, rendered with Fluid), loaded from one JSON file and checked up front, so a broken template stops the app at startup.</summary>
/// <remarks>
/// Links are signed as the message is rendered for its send: <c>{{ "https://…" | track }}</c> becomes a tracked
/// <c>/r/</c> link, and <c>{{ unsubscribe_url }}</c> and <c>{{ preferences_url }}</c> the send's consent links. A literal
/// destination that is not allow-listed stops the load; one that comes from a variable fails the render. An unknown
/// variable or filter anywhere in a template stops the load; at render Fluid's strict filters and its undefined hook
/// fail a send rather than print nothing; and every template is rendered once with sample values at load.
/// </remarks>
public sealed partial class TemplateCatalogue
{
    private const string SampleSendKey = "standard~u0000000~1~gift-sms~1";

    private static readonly FluidParser Parser = new();

    // Liquid's standard filters and ours; nothing is HTML-encoded (a message is text, and an email body is written as such).
    // Fluid's strict variables would refuse a known variable the send has no value for ({% if offer.code %} without an
    // offer) just as it refuses a typo, so unknown names are refused by the load-time check (every path of every
    // template) and, at render, by the undefined hook for a name that is not a variable at all.
    private static readonly TemplateOptions Options = new TemplateOptionsBuilder()
        .WithStrictFilters(true)
        .WithUndefined((name, _) => throw new FluidException($"unknown variable '{name}'"))
        .WithCultureInfo(CultureInfo.InvariantCulture)
        .AddFilter(LinkFilters.TrackName, LinkFilters.Track)
        .Build();

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
    private readonly FrozenDictionary<(string Id, string Locale), (IFluidTemplate? Subject, IFluidTemplate Body)> _parsed;
    private readonly LinkMinter _links;

    private TemplateCatalogue(
        FrozenDictionary<string, MessageTemplate> templates, FrozenDictionary<(string, string), (IFluidTemplate?, IFluidTemplate)> parsed, IReadOnlyList<string> report, IReadOnlyList<string> warnings,
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
        var parsed = new Dictionary<(string, string), (IFluidTemplate?, IFluidTemplate)>();
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
                problems.AddRange(TemplateRenderer.Filters($"{text.Subject} {text.Body}").Where(f => !Options.Filters.TryGetValue(f, out _)).Distinct()
                    .Select(f => $"{id}.{locale}: unknown filter '{f}'"));
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

                var samples = WithLinks(SamplesFor(locale), links, SampleSendKey);
                var channel = template.Channel.ToString().ToLowerInvariant();
                string sample;
                try
                {
                    sample = Render(body, samples, links, SampleSendKey, channel, null);
                    _ = subject is null ? null : Render(subject, samples, links, SampleSendKey, channel, null);
                }
                catch (InvalidOperationException ex) when (ex.InnerException is FluidException)
                {
                    problems.Add($"{id}.{locale}: does not render with sample values: {ex.InnerException.Message}");
                    continue;
                }
                catch (InvalidOperationException)
                {
                    // A tracked link off the allow list: a literal one is already a problem above, and one computed from
                    // a variable fails the send that computes it, by design.
                    continue;
                }

                if (template.Channel == Channel.Sms)
                {
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
        var variant = values.GetValueOrDefault("variant");
        return (chosen, subject is null ? null : Render(subject, all, _links, sendKey, channel, variant), Render(body, all, _links, sendKey, channel, variant));
    }

    // Consent links are minted for every send (cheap: one HMAC each), so a template need only name them.
    private static Dictionary<string, string?> WithLinks(IReadOnlyDictionary<string, string?> values, LinkMinter links, string sendKey) =>
        new(values) { ["unsubscribe_url"] = links.UnsubscribeUrl(sendKey), ["preferences_url"] = links.PreferencesUrl(sendKey) };

    private static IEnumerable<string> TrackedLiterals(string text) => TrackedLiteral().Matches(text).Select(m => m.Groups[2].Value);

    [GeneratedRegex(@"\{\{-?\s*([""'])(.*?)\1\s*\|\s*track\b", RegexOptions.Singleline)]
    private static partial Regex TrackedLiteral();

    private static IFluidTemplate? ParseLiquid(string text, string where, List<string> problems)
    {
        if (Parser.TryParse(text, out var template, out var error))
        {
            return template;
        }

        problems.Add($"{where}: {error}");
        return null;
    }

    // Dotted names become nested objects ("user.id" -> user: { id }), as Liquid reads them; render errors are thrown, not
    // printed into the message. Every known variable is there, nil when the send has no value for it (a template may ask
    // {% if offer.code %}), so the strict mode fails only on names no template may use.
    private static string Render(
        IFluidTemplate template, IReadOnlyDictionary<string, string?> values, LinkMinter links, string? sendKey, string channel, string? variant)
    {
        var root = new Dictionary<string, object?>(StringComparer.Ordinal);
        var all = TemplateRenderer.KnownVariables.Select(name => new KeyValuePair<string, string?>(name, values.GetValueOrDefault(name)))
            .Concat(values.Where(v => !TemplateRenderer.KnownVariables.Contains(v.Key)));
        foreach (var (name, value) in all)
        {
            var parts = name.Split('.');
            var level = root;
            foreach (var part in parts[..^1])
            {
                if (level.GetValueOrDefault(part) is not Dictionary<string, object?> child)
                {
                    level[part] = child = new Dictionary<string, object?>(StringComparer.Ordinal);
                }

                level = child;
            }

            level[parts[^1]] = value;
        }

        var context = new TemplateContext(Options, StringComparer.Ordinal);
        foreach (var (name, value) in root)
        {
            context.SetValue(name, FluidValue.Create(value, Options));
        }

        LinkFilters.For(context, links, sendKey, channel, variant);
        try
        {
            return template.Render(context, NullEncoder.Default);
        }
        catch (FluidException ex)
        {
            throw new InvalidOperationException($"the template does not render: {ex.Message}", ex);
        }
    }
}
