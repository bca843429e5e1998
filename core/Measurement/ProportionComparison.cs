namespace Reactivation.Core.Measurement;

/// <summary>
/// A treated arm against its control (holdout or control share): the difference in rates with a confidence interval
/// and a two-sided p-value (pooled z-test).
/// </summary>
/// <remarks>
/// The interval is Agresti and Caffo's: one return and one non-return are added to each arm before the usual
/// unpooled interval is taken. The plain (Wald) interval collapses when an arm has no returns at all, as a small
/// holdout often has early on, and then covers the true lift far less often than it claims; the adjusted one keeps
/// close to its stated coverage at every size, and is the same as the Wald interval for large arms.
/// </remarks>
/// <summary>
/// </summary>
/// <param name="TreatedRate">Returned ÷ total in the treated arm.</param>
/// <param name="ControlRate">Returned ÷ total in the control arm.</param>
/// <param name="Difference">TreatedRate − ControlRate: the incremental return rate, the lift the journey caused.</param>
/// <param name="Lower">The interval's lower bound.</param>
/// <param name="Upper">The interval's upper bound.</param>
/// <param name="PValue">The chance of a difference at least this large if the journey made none.</param>
public sealed record ProportionComparison(double TreatedRate, double ControlRate, double Difference, double Lower, double Upper, double PValue)
{
    /// <summary>Compares <paramref name="treatedSuccesses"/> of <paramref name="treatedTotal"/> with <paramref name="controlSuccesses"/> of <paramref name="controlTotal"/>.</summary>
    /// <param name="treatedSuccesses">Treated users who returned.</param>
    /// <param name="treatedTotal">Treated users.</param>
    /// <param name="controlSuccesses">Control users who returned.</param>
    /// <param name="controlTotal">Control users.</param>
    /// <param name="confidence">The interval's confidence (default 0.95).</param>
    /// <returns>The comparison, or null when an arm is empty or the counts are impossible.</returns>
    public static ProportionComparison? Of(long treatedSuccesses, long treatedTotal, long controlSuccesses, long controlTotal, double confidence = 0.95)
    {
        if (treatedTotal <= 0 || controlTotal <= 0 || treatedSuccesses < 0 || controlSuccesses < 0
            || treatedSuccesses > treatedTotal || controlSuccesses > controlTotal || confidence is <= 0 or >= 1)
        {
            return null;
        }

        var (p1, p0) = ((double)treatedSuccesses / treatedTotal, (double)controlSuccesses / controlTotal);
        var difference = p1 - p0;
        var z = NormalDistribution.Quantile(1 - (1 - confidence) / 2);
        var (a1, a0) = ((treatedSuccesses + 1.0) / (treatedTotal + 2), (controlSuccesses + 1.0) / (controlTotal + 2));
        var adjusted = a1 - a0;
        var se = Math.Sqrt(a1 * (1 - a1) / (treatedTotal + 2) + a0 * (1 - a0) / (controlTotal + 2));
        var pooled = (double)(treatedSuccesses + controlSuccesses) / (treatedTotal + controlTotal);
        var pooledSe = Math.Sqrt(pooled * (1 - pooled) * (1.0 / treatedTotal + 1.0 / controlTotal));

        // With no variation at all (every user returned, or none did), there is no evidence of a difference either way.
        var pValue = pooledSe == 0 ? 1 : 2 * (1 - NormalDistribution.Cdf(Math.Abs(difference) / pooledSe));
        return new ProportionComparison(p1, p0, difference, Math.Max(-1, adjusted - z * se), Math.Min(1, adjusted + z * se), Math.Clamp(pValue, 0, 1));
    }
}
