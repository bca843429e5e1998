using Reactivation.Core.Measurement.Simulation;
using Xunit;

namespace Reactivation.Core.Tests.Measurement;

public sealed class LiftSimulationTests
{
    private const int Seeds = 400;
    private const int Users = 2_000;
    private const double HoldoutPercent = 20;

    private static readonly IReadOnlyList<LiftSimulation.Outcome> Runs =
        Enumerable.Range(1, Seeds).Select(seed => LiftSimulation.Run(seed, Users, HoldoutPercent, ReturnBehaviour.Default)).ToList();

    [Fact]
    public void The_95_percent_interval_covers_the_true_lift_in_at_least_90_percent_of_400_seeded_runs()
    {
        var covered = Runs.Count(r => r.Estimate.Lower <= r.TrueLift && r.TrueLift <= r.Estimate.Upper);

        Assert.True(covered >= 0.90 * Seeds, $"the interval covered the true lift in {covered} of {Seeds} runs");
    }

    [Fact]
    public void The_estimated_lift_is_unbiased_within_half_a_point_over_400_seeded_runs()
    {
        var bias = Runs.Average(r => r.Estimate.Difference - r.TrueLift);
        var spread = Math.Sqrt(Runs.Average(r => Math.Pow(r.Estimate.Difference - r.TrueLift, 2)));

        Assert.True(Math.Abs(bias) < 0.005, $"mean error {bias:F4} (root mean square {spread:F4})");
        Assert.True(spread > 0.005, "the runs differ: each seed draws its own population and fates");
    }

    [Fact]
    public void A_seed_gives_the_same_population_fates_and_estimate_every_time()
    {
        Assert.Equal(LiftSimulation.Run(7, 500, 20, ReturnBehaviour.Default), LiftSimulation.Run(7, 500, 20, ReturnBehaviour.Default));
        Assert.NotEqual(LiftSimulation.Run(7, 500, 20, ReturnBehaviour.Default).Estimate, LiftSimulation.Run(8, 500, 20, ReturnBehaviour.Default).Estimate);
    }

    [Fact]
    public void A_users_fate_depends_on_the_seed_and_the_user_only()
    {
        var first = SimulatedUser.Draw(3, "u0000042", 0.12, 30);

        Assert.Equal(first, SimulatedUser.Draw(3, "u0000042", 0.12, 30));
        Assert.InRange(first.NaturalDay ?? 2, 2, 29);
        Assert.Equal(0.0, SimulatedUser.Draw(3, "u0000042", 0.0, 30).NaturalDay ?? 0.0);
    }

    [Fact]
    public void The_true_lift_of_a_user_is_what_the_message_adds_to_coming_back_on_their_own()
    {
        Assert.Equal(0.9 * 0.2, ReturnBehaviour.TrueLift(0.1, 0.2), 12);
        Assert.Equal(0.123 * 1.4 * 1.3, ReturnBehaviour.Default.Response(Reactivation.Core.Silence.ValueTier.High, Reactivation.Core.Journeys.Channel.Sms, withOffer: true), 12);
    }
}
