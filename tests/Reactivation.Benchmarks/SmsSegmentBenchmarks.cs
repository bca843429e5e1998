using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Reactivation.Core.Journeys;
using Reactivation.Core.Messaging;
using Reactivation.Infra.Journeys;

namespace Reactivation.Benchmarks;

/// <summary>
/// <see cref="SmsSegments.Count"/> over every SMS the app ships, rendered in Chinese (UCS-2) and in English (GSM-7), next
/// to a raw baseline that scans the same texts for a non-ASCII character and does the same segment arithmetic: the
/// difference is the real GSM 03.38 alphabet (and its two-septet extension characters) instead of ASCII.
/// </summary>
/// <remarks>
/// All the shipped texts per operation rather than one: a Chinese text is known to be UCS-2 at its first character, so
/// a single one is too short to time against the empty method.
/// </remarks>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class SmsSegmentBenchmarks
{
    private string[] _chinese = [];
    private string[] _english = [];

    /// <summary>Renders every SMS template in both locales from the catalogue the app ships.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var catalogue = TemplateCatalogue.Load(JourneyOptions.Resolve(new JourneyOptions().TemplatesPath));
        var values = new Dictionary<string, string?> { ["offer.code"] = "R20-7KQ2M9XA5B", ["offer.expiresAt"] = "2026-12-05 23:59", ["user.id"] = "u0000042" };
        var sms = catalogue.Channels.Where(c => c.Value == Channel.Sms).Select(c => c.Key).Order(StringComparer.Ordinal).ToArray();
        _chinese = [.. sms.Select(id => catalogue.Render(id, "zh-CN", values).Body)];
        _english = [.. sms.Select(id => catalogue.Render(id, "en-US", values).Body)];

        // Both methods must agree on these texts, or the comparison is between different answers.
        if (SegmentsChinese() != AsciiScanChinese() || SegmentsEnglish() != AsciiScanEnglish())
        {
            throw new InvalidOperationException("the raw baseline counts different segments from SmsSegments on the shipped SMS");
        }
    }

    /// <summary>The baseline on the Chinese texts.</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("zh-CN ucs-2")]
    public int AsciiScanChinese() => AsciiScan(_chinese);

    /// <summary>The product's count on the Chinese texts.</summary>
    [Benchmark]
    [BenchmarkCategory("zh-CN ucs-2")]
    public int SegmentsChinese() => Segments(_chinese);

    /// <summary>The baseline on the English texts.</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("en-US gsm-7")]
    public int AsciiScanEnglish() => AsciiScan(_english);

    /// <summary>The product's count on the English texts.</summary>
    [Benchmark]
    [BenchmarkCategory("en-US gsm-7")]
    public int SegmentsEnglish() => Segments(_english);

    private static int Segments(string[] texts)
    {
        var segments = 0;
        foreach (var text in texts)
        {
            segments += SmsSegments.Count(text).Segments;
        }

        return segments;
    }

    private static int AsciiScan(string[] texts)
    {
        var segments = 0;
        foreach (var text in texts)
        {
            var ucs2 = false;
            foreach (var c in text)
            {
                if (c > 127)
                {
                    ucs2 = true;
                    break;
                }
            }

            segments += ucs2
                ? text.Length <= 70 ? 1 : (text.Length + 66) / 67
                : text.Length <= 160 ? 1 : (text.Length + 152) / 153;
        }

        return segments;
    }
}
