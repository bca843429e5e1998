namespace Reactivation.Core.Sweeps;

/// <summary>
/// How the sweep's hand-offs are packed into queue messages and released to enrollment: a burst at once, then at a
/// steady rate, so a first sweep that hands off most of a large population does not start a million orchestrations
/// in one go (the Azure Storage provider's control queues stall on bursts of more than about 20,000 starts).
/// </summary>
/// <param name="PerSecond">Hand-offs released per second across all shards, after the burst.</param>
/// <param name="Burst">Hand-offs released at once, across all shards, at the start of a run.</param>
/// <param name="PerMessage">Hand-offs packed into one queue message.</param>
public sealed record HandoffPacing(double PerSecond = 100, int Burst = 10_000, int PerMessage = 64)
{
    /// <summary>The most hand-offs one message may carry: 64 of the largest stay well inside a queue message's 64 KB.</summary>
    public const int MaxPerMessage = 64;

    /// <summary>
    /// When the hand-off numbered <paramref name="ordinal"/> (from 0) within one shard of a run over
    /// <paramref name="shardCount"/> shards is released, counted from the run's start. Each shard takes an equal share
    /// of the burst and of the rate, so the shards together never exceed either, however their scans overlap.
    /// </summary>
    public TimeSpan ReleaseAfter(long ordinal, int shardCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(ordinal);
        ArgumentOutOfRangeException.ThrowIfLessThan(shardCount, 1);
        // The shard's first Burst/shardCount hand-offs go at once; the k-th after them 1/(rate/shardCount) seconds later each.
        var paced = ordinal - (long)Burst / shardCount + 1;
        return paced <= 0 ? TimeSpan.Zero : TimeSpan.FromTicks((long)Math.Ceiling(paced * shardCount * (double)TimeSpan.TicksPerSecond / PerSecond));
    }

    /// <summary>Returns every problem, empty when valid; <paramref name="section"/> names the settings in messages.</summary>
    public IReadOnlyList<string> Validate(string section)
    {
        var problems = new List<string>();
        if (!(PerSecond is >= 0.01 and <= 100_000))
        {
            problems.Add($"{section}:EnrollmentRate must be 0.01 to 100000 hand-offs per second (was {PerSecond})");
        }

        if (Burst is < 0 or > 1_000_000)
        {
            problems.Add($"{section}:EnrollmentBurst must be 0 to 1000000 hand-offs (was {Burst})");
        }

        if (PerMessage is < 1 or > MaxPerMessage)
        {
            problems.Add($"{section}:HandoffsPerMessage must be 1 to {MaxPerMessage} (was {PerMessage})");
        }

        return problems;
    }
}
