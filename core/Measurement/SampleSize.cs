namespace Reactivation.Core.Measurement;

/// <summary>
/// How many users each arm of a two-proportion comparison needs to detect an effect: the standard formula
/// n = [z(1−α/2)·√(2p̄(1−p̄)) + z(1−β)·√(p₁(1−p₁)+p₂(1−p₂))]² / (p₂−p₁)², two-sided.
/// </summary>
public static class SampleSize
{
    /// <summary>Users per arm, rounded up, or the problems with the request.</summary>
    /// <param name="baseline">The control arm's rate, p₁ (0 to 1, exclusive).</param>
    /// <param name="effect">The smallest effect worth detecting: relative (0.15 for +15%) or absolute (0.02 for +2 points).</param>
    /// <param name="relative">True when <paramref name="effect"/> is relative to the baseline.</param>
    /// <param name="alpha">The two-sided significance level (default 0.05).</param>
    /// <param name="power">The chance of detecting the effect when it is there (default 0.8).</param>
    public static (long? PerArm, double Treated, IReadOnlyList<string> Problems) PerArm(double baseline, double effect, bool relative, double alpha = 0.05, double power = 0.8)
    {
        var problems = new List<string>();
        var treated = relative ? baseline * (1 + effect) : baseline + effect;
        if (baseline is <= 0 or >= 1 || double.IsNaN(baseline))
        {
            problems.Add($"baseline must be a rate strictly between 0 and 1 (was {baseline})");
        }

        if (effect == 0 || double.IsNaN(effect))
        {
            problems.Add("the effect must not be zero");
        }
        else if (problems.Count == 0 && treated is <= 0 or >= 1)
        {
            problems.Add($"baseline {baseline} with effect {effect}{(relative ? " (relative)" : "")} gives a rate of {treated}, outside 0 to 1");
        }

        if (alpha is <= 0 or >= 1 || double.IsNaN(alpha))
        {
            problems.Add($"alpha must be strictly between 0 and 1 (was {alpha})");
        }

        if (power is <= 0 or >= 1 || double.IsNaN(power))
        {
            problems.Add($"power must be strictly between 0 and 1 (was {power})");
        }

        if (problems.Count > 0)
        {
            return (null, treated, problems);
        }

        var (p1, p2) = (baseline, treated);
        var mean = (p1 + p2) / 2;
        var zAlpha = NormalDistribution.Quantile(1 - alpha / 2);
        var zBeta = NormalDistribution.Quantile(power);
        var root = zAlpha * Math.Sqrt(2 * mean * (1 - mean)) + zBeta * Math.Sqrt(p1 * (1 - p1) + p2 * (1 - p2));
        return ((long)Math.Ceiling(root * root / ((p2 - p1) * (p2 - p1))), treated, problems);
    }
}
