using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Reactivation.Core.Journeys;
using Reactivation.Infra.Journeys;

namespace Reactivation.Benchmarks;

/// <summary>
/// The app's own template catalogue rendered through <see cref="TemplateCatalogue.Render"/> (DotLiquid), next to a raw
/// baseline that puts the same offer into the same text with <see cref="string.Replace(string, string?, StringComparison)"/>.
/// One baseline per message: the zh-CN SMS and the en-US email.
/// </summary>
[ShortRunJob]
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class TemplateRenderingBenchmarks
{
    private const string SmsTemplate = "return-gift-sms";
    private const string EmailTemplate = "return-gift-email";
    private const string Offer = "RG-7KQ2M9XA";
    private const string OfferTag = "{{ offer.code }}";
    private const string ExpiryTag = "{{ offer.expiresAt }}";
    private const string Expiry = "2026-12-05 23:59";

    // What MessageRenderer hands the catalogue for one message.
    private static readonly Dictionary<string, string?> Values = new()
    {
        ["user.id"] = "u0000042",
        ["user.locale"] = "zh-CN",
        ["offer.code"] = Offer,
        ["offer.expiresAt"] = Expiry,
        ["journey.id"] = "standard",
        ["journey.instance"] = "standard~u0000042~1",
        ["journey.step"] = "gift-sms",
        ["variant"] = null,
    };

    private TemplateCatalogue _catalogue = null!;
    private TemplateText _sms = null!;
    private TemplateText _email = null!;

    /// <summary>Loads the catalogue the app ships (the file its default settings name) and the same file's source text.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var path = JourneyOptions.Resolve(new JourneyOptions().TemplatesPath);
        _catalogue = TemplateCatalogue.Load(path);
        var sources = JsonSerializer.Deserialize<Dictionary<string, MessageTemplate>>(File.ReadAllText(path), JourneyJson.Options)!;
        _sms = sources[SmsTemplate].Locales["zh-CN"];
        _email = sources[EmailTemplate].Locales["en-US"];

        // A baseline that produced different text would make the ratio meaningless.
        if (RenderSms() != RawSms() || RenderEmail() != RawEmail())
        {
            throw new InvalidOperationException("the raw baseline does not produce the text the catalogue renders; the templates changed shape");
        }
    }

    /// <summary>The baseline: the zh-CN SMS body with the offer replaced in.</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("zh-CN sms")]
    public string RawSms() => Raw(_sms.Body);

    /// <summary>The zh-CN SMS through the catalogue.</summary>
    [Benchmark]
    [BenchmarkCategory("zh-CN sms")]
    public string RenderSms() => _catalogue.Render(SmsTemplate, "zh-CN", Values).Body;

    /// <summary>The baseline: the en-US email's subject and body with the offer replaced in.</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("en-US email")]
    public (string? Subject, string Body) RawEmail() =>
        (_email.Subject is null ? null : Raw(_email.Subject), Raw(_email.Body));

    /// <summary>The en-US email (subject and body) through the catalogue.</summary>
    [Benchmark]
    [BenchmarkCategory("en-US email")]
    public (string? Subject, string Body) RenderEmail()
    {
        var (_, subject, body) = _catalogue.Render(EmailTemplate, "en-US", Values);
        return (subject, body);
    }

    private static string Raw(string text) => text.Replace(OfferTag, Offer, StringComparison.Ordinal).Replace(ExpiryTag, Expiry, StringComparison.Ordinal);
}
