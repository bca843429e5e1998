using Reactivation.Infra.Journeys;
using Xunit;

namespace Reactivation.Functions.Tests.Messaging;

/// <summary>Templates are checked when they load: unknown variables, missing opt-outs, segments, absolute claims.</summary>
public sealed class TemplateCatalogueTests
{
    [Fact]
    public void A_marketing_sms_without_an_opt_out_or_with_an_unknown_variable_stops_the_load_naming_each_problem()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Load("""
            { "gift": { "channel": "sms", "locales": { "zh-CN": { "body": "回归礼 {{ offer.code }} 已到账" }, "en-US": { "body": "Gift {{ coupon.code }}. Reply STOP to opt out" } } } }
            """));

        Assert.Contains("gift.zh-CN: a marketing sms must offer an opt-out", error.Message, StringComparison.Ordinal);
        Assert.Contains("gift.en-US.body: unknown variable 'coupon.code'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_service_message_needs_no_opt_out_and_long_texts_and_absolute_claims_are_warned_about()
    {
        var catalogue = Load("""
            { "code": { "channel": "sms", "purpose": "service", "locales": { "zh-CN": { "body": "您的登录链接 {{ journey.instance }}" } } },
              "long": { "channel": "sms", "locales": { "zh-CN": { "body": "LONG全网最低价,回T退订" } } } }
            """.Replace("LONG", new string('好', 150), StringComparison.Ordinal), maxSmsSegments: 2);

        Assert.Contains("code.zh-CN: Ucs2, 26 characters, 1 segment(s)", catalogue.Report);
        Assert.Contains(catalogue.Warnings, w => w.StartsWith("long.zh-CN: 3 SMS segments (Ucs2, 160 characters)", StringComparison.Ordinal));
        Assert.Contains("long.zh-CN: '最低价' is an absolute claim the advertising law bans", catalogue.Warnings);
    }

    [Fact]
    public void Templates_are_liquid_with_filters_and_conditions_and_an_unknown_name_in_a_condition_or_bad_syntax_stops_the_load()
    {
        var catalogue = Load("""
            { "gift": { "channel": "sms", "locales": { "en-US": { "body": "{% if variant == 'b' %}Hi again{% else %}Hello{% endif %} {{ user.id }}: {{ offer.code | upcase }}. Reply STOP to opt out" } } } }
            """);
        var rendered = catalogue.Render("gift", "en-US", new Dictionary<string, string?> { ["user.id"] = "u1", ["offer.code"] = "rg-20", ["variant"] = "b" });

        Assert.Equal("Hi again u1: RG-20. Reply STOP to opt out", rendered.Body);
        var unknown = Assert.Throws<InvalidOperationException>(() => Load("""
            { "gift": { "channel": "sms", "locales": { "en-US": { "body": "{% if user.tier == 'gold' %}VIP{% endif %} Reply STOP" } } } }
            """));
        Assert.Contains("unknown variable 'user.tier'", unknown.Message, StringComparison.Ordinal);
        var syntax = Assert.Throws<InvalidOperationException>(() => Load("""
            { "gift": { "channel": "sms", "locales": { "en-US": { "body": "{% if %}x{% endif %} Reply STOP" } } } }
            """));
        Assert.Contains("gift.en-US.body: ", syntax.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_shipped_templates_load_with_no_warnings_and_every_sms_fits_one_segment()
    {
        var catalogue = TemplateCatalogue.Load(JourneyOptions.Resolve(new JourneyOptions().TemplatesPath));

        Assert.Empty(catalogue.Warnings);
        Assert.NotEmpty(catalogue.Report);
        Assert.All(catalogue.Report, line => Assert.EndsWith(" 1 segment(s)", line, StringComparison.Ordinal));
    }

    [Fact]
    public void Every_shipped_template_renders_on_fluid_in_every_locale_for_a_send_with_an_offer_and_without_one()
    {
        var path = JourneyOptions.Resolve(new JourneyOptions().TemplatesPath);
        var catalogue = TemplateCatalogue.Load(path);
        var shipped = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, Reactivation.Core.Journeys.MessageTemplate>>(
            File.ReadAllText(path), Reactivation.Core.Journeys.JourneyJson.Options)!;
        var withOffer = new Dictionary<string, string?> { ["user.id"] = "u1", ["offer.code"] = "RG-7KQ2M9XA", ["offer.name"] = "Gift", ["offer.expiresAt"] = "2026-12-05 23:59", ["journey.id"] = "standard" };
        var withoutOffer = new Dictionary<string, string?> { ["user.id"] = "u1", ["journey.id"] = "standard" };

        var rendered = shipped.SelectMany(t => t.Value.Locales.Keys.Select(locale => (t.Key, locale))).SelectMany(x => new[] { withOffer, withoutOffer }
            .Select(values => (x.Key, x.locale, catalogue.Render(x.Key, x.locale, values, $"standard~u1~1~{x.Key}~1")))).ToList();

        Assert.True(rendered.Count >= 2 * shipped.Count);
        Assert.All(rendered, r =>
        {
            Assert.Equal(r.locale, r.Item3.Locale);
            Assert.False(string.IsNullOrWhiteSpace(r.Item3.Body));
            Assert.DoesNotContain("{{", r.Item3.Body + r.Item3.Subject, StringComparison.Ordinal);
            Assert.DoesNotContain("{%", r.Item3.Body + r.Item3.Subject, StringComparison.Ordinal);
        });
    }

    /// <summary>Loads a catalogue from <paramref name="json"/> through a temporary file, as the app loads its own.</summary>
    [Fact]
    public void An_unknown_filter_stops_the_load_even_in_a_branch_the_sample_values_never_take()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Load("""
            { "gift": { "channel": "sms", "locales": { "en-US": { "body": "{% if variant == 'zzz' %}{{ offer.code | shout }}{% endif %}Hello. Reply STOP" } } } }
            """));

        Assert.Contains("gift.en-US: unknown filter 'shout'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_known_variable_the_send_has_no_value_for_is_nil_so_a_condition_on_it_takes_its_else_branch()
    {
        var catalogue = Load("""
            { "gift": { "channel": "sms", "locales": { "en-US": { "body": "{% if offer.code %}Code {{ offer.code }}{% else %}No code{% endif %}[{{ offer.name }}]. Reply STOP" } } } }
            """);

        Assert.Equal("No code[]. Reply STOP", catalogue.Render("gift", "en-US", new Dictionary<string, string?> { ["user.id"] = "u1" }).Body);
        Assert.Equal("Code X1[]. Reply STOP", catalogue.Render("gift", "en-US", new Dictionary<string, string?> { ["offer.code"] = "X1" }).Body);
    }

    internal static TemplateCatalogue Load(string json, int maxSmsSegments = 2)
    {
        var file = Path.Combine(Path.GetTempPath(), $"templates-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, json);
        try
        {
            return TemplateCatalogue.Load(file, maxSmsSegments);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
