using Reactivation.Core.Measurement;
using Xunit;

namespace Reactivation.Core.Tests.Measurement;

public sealed class MeasurementStatisticsTests
{
    [Theory]
    [InlineData(0.0, 0.5)]
    [InlineData(1.959963985, 0.975)]
    [InlineData(-1.644853627, 0.05)]
    [InlineData(2.326347874, 0.99)]
    [InlineData(-3.090232306, 0.001)]
    public void The_normal_cdf_and_quantile_match_the_tables_and_invert_each_other(double z, double p)
    {
        Assert.Equal(p, NormalDistribution.Cdf(z), 6);
        Assert.Equal(z, NormalDistribution.Quantile(p), 6);
    }

    [Theory]
    [InlineData(0.042, 17_050)]
    [InlineData(0.087, 7_814)]
    [InlineData(0.123, 5_291)]
    [InlineData(0.15, 4_193)]
    [InlineData(0.20, 2_943)]
    public void The_sample_size_for_a_fifteen_percent_relative_lift_matches_the_seed_table(double baseline, long expected)
    {
        var (perArm, _, problems) = SampleSize.PerArm(baseline, 0.15, relative: true);

        Assert.Empty(problems);
        // The seed table is the formula's ceiling; the approximated quantiles could move a boundary case by one user.
        Assert.InRange(perArm!.Value, expected - 1, expected + 1);
    }

    [Fact]
    public void An_absolute_effect_is_added_to_the_baseline_and_a_larger_effect_needs_fewer_users()
    {
        var (small, treated, _) = SampleSize.PerArm(0.10, 0.01, relative: false);
        var (large, _, _) = SampleSize.PerArm(0.10, 0.03, relative: false);

        Assert.Equal(0.11, treated, 10);
        Assert.True(large < small, $"{large} should be under {small}");
    }

    [Fact]
    public void Impossible_sample_size_requests_list_every_problem_and_give_no_size()
    {
        var (perArm, _, problems) = SampleSize.PerArm(1.2, 0, relative: true, alpha: 0, power: 1);

        Assert.Null(perArm);
        Assert.Equal(4, problems.Count);
        Assert.Contains(SampleSize.PerArm(0.9, 0.5, relative: true).Problems, p => p.Contains("outside 0 to 1", StringComparison.Ordinal));
    }

    [Fact]
    public void A_clear_lift_has_an_interval_above_zero_and_a_small_p_value()
    {
        var comparison = ProportionComparison.Of(600, 4_000, 450, 4_000)!;

        Assert.Equal(0.0375, comparison.Difference, 10);
        Assert.True(comparison.Lower > 0 && comparison.Upper > comparison.Difference, $"{comparison}");
        // Hand-computed (Agresti-Caffo): p̃ = 601/4002 and 451/4002, SE = √(p̃₁(1−p̃₁)/4002 + p̃₂(1−p̃₂)/4002) = .0075416,
        // so the 95% interval is (.0374813 ± 1.96·.0075416) = [.022700, .052263].
        Assert.Equal(0.022700, comparison.Lower, 5);
        Assert.Equal(0.052263, comparison.Upper, 5);
        Assert.True(comparison.PValue < 0.0001, $"p = {comparison.PValue}");
    }

    [Fact]
    public void No_difference_gives_an_interval_around_zero_and_a_p_value_of_one()
    {
        var comparison = ProportionComparison.Of(100, 1_000, 100, 1_000)!;

        Assert.Equal(0, comparison.Difference, 10);
        Assert.True(comparison.Lower < 0 && comparison.Upper > 0);
        Assert.Equal(1, comparison.PValue, 6);
        Assert.Equal(1, ProportionComparison.Of(0, 10, 0, 10)!.PValue);
        Assert.Null(ProportionComparison.Of(5, 0, 1, 10));
        Assert.Null(ProportionComparison.Of(11, 10, 1, 10));
    }

    [Fact]
    public void A_holdout_with_no_returns_still_gets_an_honest_interval_rather_than_one_that_pretends_to_know_its_rate()
    {
        // Wald takes the holdout's rate as exactly 0 and gives [+0.089, +0.311]; with 12 users that certainty is not there.
        var comparison = ProportionComparison.Of(10, 50, 0, 12)!;

        Assert.Equal(0.2, comparison.Difference, 10);
        Assert.True(comparison.Upper - comparison.Lower > 0.3, $"{comparison}");
        Assert.True(comparison.Lower < 0, $"{comparison}");
    }
}
