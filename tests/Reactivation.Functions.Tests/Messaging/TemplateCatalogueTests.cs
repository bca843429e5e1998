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

    /// <summary>Loads a catalogue from <paramref name="json"/> through a temporary file, as the app loads its own.</summary>
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
