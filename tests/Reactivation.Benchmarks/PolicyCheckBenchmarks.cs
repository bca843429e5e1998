using BenchmarkDotNet.Attributes;
using Reactivation.Core.Journeys;
using Reactivation.Core.Policy;

namespace Reactivation.Benchmarks;

/// <summary>
/// <see cref="ContactPolicy.Decide"/> for a typical user (two consent flags, five marketing touches in the last month, one
/// answer) next to a raw baseline that only counts the touches of the last seven days in UTC and looks up the opt-out:
/// the difference is the local calendar, the daily and per-channel caps, fatigue, complaints and quiet hours.
/// </summary>
[MemoryDiagnoser]
public class PolicyCheckBenchmarks
{
    private static readonly ContactPolicyOptions Rules = new();
    private PolicyRequest _request = null!;

    /// <summary>Builds the request: Wednesday noon in Shanghai.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var now = new DateTimeOffset(2026, 11, 25, 4, 0, 0, TimeSpan.Zero);
        _request = new PolicyRequest(
            "standard~u42~1~gift-sms~1",
            Channel.Sms,
            TemplatePurpose.Marketing,
            now,
            TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"),
            [
                new ConsentFlag(Channel.Email, TemplatePurpose.Marketing, ConsentState.OptedOut, "api", null, now.AddDays(-40)),
                new ConsentFlag(Channel.Sms, TemplatePurpose.Marketing, ConsentState.OptedIn, "preference-page", "v2", now.AddDays(-90)),
            ],
            [.. new[] { 29, 22, 15, 9, 3 }.Select(d => new ContactTouch($"k{d}", d % 2 == 0 ? Channel.Email : Channel.Sms, now.AddDays(-d)))],
            now.AddDays(-10),
            null);
        if (Decide() != PolicyVerdictKind.Allow || !Raw())
        {
            throw new InvalidOperationException("the sample request should be allowed by both, or the comparison is between different answers");
        }
    }

    /// <summary>The baseline: touches in the last 7 × 24 hours under the cap, and no SMS opt-out.</summary>
    [Benchmark(Baseline = true)]
    public bool Raw()
    {
        var count = 0;
        foreach (var touch in _request.Touches)
        {
            if (_request.Now - touch.At < TimeSpan.FromDays(7))
            {
                count++;
            }
        }

        foreach (var flag in _request.Consent)
        {
            if (flag.Channel == _request.Channel && flag.State == ConsentState.OptedOut)
            {
                return false;
            }
        }

        return count < Rules.MaxMarketingPerWindow;
    }

    /// <summary>The product's decision.</summary>
    [Benchmark]
    public PolicyVerdictKind Decide() => ContactPolicy.Decide(_request, Rules).Kind;
}
