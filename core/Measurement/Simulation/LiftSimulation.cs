using Reactivation.Core.Journeys;
using Reactivation.Core.Silence;

namespace Reactivation.Core.Measurement.Simulation;

/// <summary>
/// The time-lapse's experiment without storage: a population split into holdout and treated by the same hash the
/// engine uses, each user's fate drawn by <see cref="SimulatedUser"/>, treated users sent one message, and the lift
/// estimated by the same comparison the report makes. Used to check the estimator over many seeds.
/// </summary>
public static class LiftSimulation
{
    /// <summary>One run's outcome.</summary>
    /// <param name="TrueLift">The population's true lift: the mean over every user of (1 − p₀)·q.</param>
    /// <param name="Estimate">The report's comparison of treated with held-out users.</param>
    public sealed record Outcome(double TrueLift, ProportionComparison Estimate);

    /// <summary>Runs one experiment.</summary>
    /// <param name="seed">Draws the population, the holdout salt and every fate.</param>
    /// <param name="users">Population size.</param>
    /// <param name="holdoutPercent">Share held out.</param>
    /// <param name="behaviour">The true behaviour.</param>
    public static Outcome Run(int seed, int users, double holdoutPercent, ReturnBehaviour behaviour)
    {
        var random = new Random(seed);
        var holdout = new Holdout(holdoutPercent, $"seed-{seed}");
        var bands = new[] { DormancyBand.UpTo3Months, DormancyBand.From3To6Months, DormancyBand.From6To12Months, DormancyBand.Over12Months };
        var tiers = new[] { ValueTier.Low, ValueTier.Mid, ValueTier.High };
        var (treated, treatedReturned, held, heldReturned, truth) = (0L, 0L, 0L, 0L, 0.0);
        for (var i = 0; i < users; i++)
        {
            var userId = $"s{seed}-{i}";
            var band = bands[random.Next(bands.Length)];
            var tier = tiers[random.Next(tiers.Length)];
            var channel = random.NextDouble() < 0.6 ? Channel.Sms : Channel.Email;
            var withOffer = random.NextDouble() < 0.7;
            var p0 = behaviour.NaturalReturn(band, drifting: false);
            var q = behaviour.Response(tier, channel, withOffer);
            truth += ReturnBehaviour.TrueLift(p0, q);
            var fate = SimulatedUser.Draw(seed, userId, p0, behaviour.WindowDays);
            if (holdout.Contains(userId))
            {
                held++;
                heldReturned += fate.NaturalDay is null ? 0 : 1;
            }
            else
            {
                treated++;
                treatedReturned += fate.NaturalDay is not null || fate.Answers(q) ? 1 : 0;
            }
        }

        return new Outcome(truth / users, ProportionComparison.Of(treatedReturned, treated, heldReturned, held)!);
    }
}
