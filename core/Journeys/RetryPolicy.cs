namespace Reactivation.Core.Journeys;

/// <summary>How a failed send is retried, with Durable Functions' semantics.</summary>
/// <param name="FirstInterval">The wait before the first retry (must be positive).</param>
/// <param name="BackoffCoefficient">Each retry waits this many times longer than the one before (at least 1).</param>
/// <param name="MaxInterval">The longest single wait.</param>
/// <param name="MaxAttempts">Attempts in all, the first one included.</param>
/// <param name="Timeout">No retry starts once this long has passed since the first attempt.</param>
public sealed record RetryPolicy(TimeSpan FirstInterval, double BackoffCoefficient, TimeSpan MaxInterval, int MaxAttempts, TimeSpan Timeout)
{
    /// <summary>No retries: one attempt.</summary>
    public static RetryPolicy None { get; } = new(TimeSpan.FromMinutes(1), 1, TimeSpan.FromMinutes(1), 1, TimeSpan.FromDays(1));

    /// <summary>The default for sends: 4 attempts, 5 minutes doubling to at most an hour, within a day.</summary>
    public static RetryPolicy Default { get; } = new(TimeSpan.FromMinutes(5), 2, TimeSpan.FromHours(1), 4, TimeSpan.FromDays(1));

    /// <summary>When the next attempt should start after <paramref name="failedAttempt"/> (1-based) failed, or null when retries are exhausted.</summary>
    public DateTimeOffset? NextAttemptAt(int failedAttempt, DateTimeOffset firstAttemptAt, DateTimeOffset now)
    {
        if (failedAttempt >= MaxAttempts || now >= firstAttemptAt + Timeout)
        {
            return null;
        }

        var delay = FirstInterval.TotalMilliseconds * Math.Pow(BackoffCoefficient, failedAttempt - 1);
        var capped = Math.Min(delay, MaxInterval.TotalMilliseconds);
        return now + TimeSpan.FromMilliseconds(capped);
    }

    /// <summary>The problems with this policy, each a sentence.</summary>
    public IEnumerable<string> Validate()
    {
        if (FirstInterval <= TimeSpan.Zero)
        {
            yield return "firstInterval must be positive";
        }

        if (BackoffCoefficient < 1)
        {
            yield return "backoffCoefficient must be at least 1";
        }

        if (MaxInterval < FirstInterval)
        {
            yield return "maxInterval must be at least firstInterval";
        }

        if (MaxAttempts is < 1 or > 100)
        {
            yield return "maxAttempts must be 1 to 100";
        }

        if (Timeout <= TimeSpan.Zero)
        {
            yield return "timeout must be positive";
        }
    }
}
