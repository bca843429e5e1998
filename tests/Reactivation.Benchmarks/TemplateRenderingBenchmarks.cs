using System.Text.Json;
using System.Text.RegularExpressions;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Reactivation.Core.Journeys;
using Reactivation.Infra.Journeys;
using Reactivation.Infra.Links;

namespace Reactivation.Benchmarks;

/// <summary>
/// The app's own template catalogue rendered for a send through <see cref="TemplateCatalogue.Render"/> (Fluid), next
/// to a raw baseline that puts the same offer and the same signed links (minted by the same <see cref="LinkMinter"/>) into
/// the same text with <see cref="string.Replace(string, string?, StringComparison)"/>. One baseline per message: the zh-CN
/// SMS and the en-US email.
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public partial class TemplateRenderingBenchmarks
{
    private const string SmsTemplate = "return-gift-sms";
    private const string EmailTemplate = "return-gift-email";
    private const string Offer = "RG-7KQ2M9XA";
    private const string OfferTag = "{{ offer.code }}";
    private const string ExpiryTag = "{{ offer.expiresAt }}";
    private const string Expiry = "2026-12-05 23:59";
    private const string UnsubscribeTag = "{{ unsubscribe_url }}";
    private const string PreferencesTag = "{{ preferences_url }}";
    private const string SmsSendKey = "standard~u0000042~1~gift-sms~1";
    private const string EmailSendKey = "standard~u0000042~1~gift-email~1";

    // The sample keyring on a stopped clock, so a link minted by the catalogue and one minted by the baseline are equal.
    private static readonly LinkMinter Links = new(new SignedLinkOptions(), LinkMinter.Sample.Keyring, new StoppedClock(new DateTimeOffset(2026, 11, 28, 2, 0, 0, TimeSpan.Zero)));

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
    private RawText _smsBody = null!;
    private RawText? _emailSubject;
    private RawText _emailBody = null!;

    /// <summary>Loads the catalogue the app ships (the file its default settings name) and the same file's source text.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var path = JourneyOptions.Resolve(new JourneyOptions().TemplatesPath);
        _catalogue = TemplateCatalogue.Load(path, links: Links);
        var sources = JsonSerializer.Deserialize<Dictionary<string, MessageTemplate>>(File.ReadAllText(path), JourneyJson.Options)!;
        var (sms, email) = (sources[SmsTemplate].Locales["zh-CN"], sources[EmailTemplate].Locales["en-US"]);
        _smsBody = RawText.Of(sms.Body);
        _emailSubject = email.Subject is null ? null : RawText.Of(email.Subject);
        _emailBody = RawText.Of(email.Body);

        // A baseline that produced different text would make the ratio meaningless.
        if (RenderSms() != RawSms() || RenderEmail() != RawEmail())
        {
            throw new InvalidOperationException("the raw baseline does not produce the text the catalogue renders; the templates changed shape");
        }
    }

    /// <summary>The baseline: the zh-CN SMS body with the offer replaced in.</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("zh-CN sms")]
    public string RawSms() => Raw(_smsBody, SmsSendKey, "sms");

    /// <summary>The zh-CN SMS through the catalogue.</summary>
    [Benchmark]
    [BenchmarkCategory("zh-CN sms")]
    public string RenderSms() => _catalogue.Render(SmsTemplate, "zh-CN", Values, SmsSendKey).Body;

    /// <summary>The baseline: the en-US email's subject and body with the offer replaced in.</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("en-US email")]
    public (string? Subject, string Body) RawEmail() =>
        (_emailSubject is null ? null : Raw(_emailSubject, EmailSendKey, "email"), Raw(_emailBody, EmailSendKey, "email"));

    /// <summary>The en-US email (subject and body) through the catalogue.</summary>
    [Benchmark]
    [BenchmarkCategory("en-US email")]
    public (string? Subject, string Body) RenderEmail()
    {
        var (_, subject, body) = _catalogue.Render(EmailTemplate, "en-US", Values, EmailSendKey);
        return (subject, body);
    }

    // The offer replaced in, then each link minted for the send and replaced in, as the text needs them.
    private static string Raw(RawText raw, string sendKey, string channel)
    {
        var text = raw.Text.Replace(OfferTag, Offer, StringComparison.Ordinal).Replace(ExpiryTag, Expiry, StringComparison.Ordinal);
        foreach (var (tag, destination) in raw.Tracked)
        {
            text = text.Replace(tag, Links.TrackUrl(sendKey, destination, channel), StringComparison.Ordinal);
        }

        text = raw.Unsubscribe ? text.Replace(UnsubscribeTag, Links.UnsubscribeUrl(sendKey), StringComparison.Ordinal) : text;
        return raw.Preferences ? text.Replace(PreferencesTag, Links.PreferencesUrl(sendKey), StringComparison.Ordinal) : text;
    }

    [GeneratedRegex(@"\{\{\s*([""'])(.*?)\1\s*\|\s*track\s*\}\}", RegexOptions.Singleline)]
    private static partial Regex TrackedTag();

    // A template's source with its tags found once, in the setup: the tracked links (tag and destination) and whether
    // it names the consent links.
    private sealed record RawText(string Text, (string Tag, string Destination)[] Tracked, bool Unsubscribe, bool Preferences)
    {
        public static RawText Of(string text) => new(
            text, [.. TrackedTag().Matches(text).Select(m => (m.Value, m.Groups[2].Value))],
            text.Contains(UnsubscribeTag, StringComparison.Ordinal), text.Contains(PreferencesTag, StringComparison.Ordinal));
    }

    private sealed class StoppedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
