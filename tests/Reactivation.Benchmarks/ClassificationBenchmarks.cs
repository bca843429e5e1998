using BenchmarkDotNet.Attributes;
using Reactivation.Core.Profiles;
using Reactivation.Core.Silence;
using Reactivation.Infra.Local;

namespace Reactivation.Benchmarks;

/// <summary>The pure per-user decision against a raw baseline that only computes days since the last login or purchase.</summary>
[MemoryDiagnoser]
public class ClassificationBenchmarks
{
    private static readonly DateTimeOffset AsOf = new(2026, 11, 22, 2, 0, 0, TimeSpan.Zero);
    private readonly SilencePolicy _policy = new();
    private UserProfile[] _profiles = [];

    /// <summary>Builds 10,000 profiles from synthetic histories.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var population = new SyntheticPopulation(42, AsOf);
        _profiles = Enumerable.Range(0, 10_000)
            .Select(i => ProfileFold.ApplyAll(UserProfile.New(SyntheticPopulation.UserIdOf(i)), population.EventsOf(i)))
            .ToArray();
    }

    /// <summary>The baseline: silent or not by days since max(last login, last purchase), nothing else.</summary>
    [Benchmark(Baseline = true)]
    public int RawDaysSinceLastActivity()
    {
        var silent = 0;
        foreach (var p in _profiles)
        {
            var last = p.LastLoginAt > p.LastPurchaseAt ? p.LastLoginAt : p.LastPurchaseAt ?? p.LastLoginAt;
            silent += last is { } l && (AsOf - l).TotalDays >= 30 ? 1 : 0;
        }

        return silent;
    }

    /// <summary>The full decision: band, tier, cause, early warning.</summary>
    [Benchmark]
    public int Classify()
    {
        var silent = 0;
        foreach (var p in _profiles)
        {
            silent += SilenceClassifier.Classify(p, AsOf, _policy, 500m).IsSilent ? 1 : 0;
        }

        return silent;
    }
}
