namespace Reactivation.Infra.Storage;

/// <summary>A short, jittered exponential delay between optimistic-concurrency retries.</summary>
/// <remarks>Not a retry policy for transient faults (the SDK's pipeline does that); this spreads out writers that collided.</remarks>
public static class Backoff
{
    /// <summary>Waits about 5 ms × 2^(attempt-1), capped at 500 ms, with jitter.</summary>
    public static Task DelayAsync(int attempt, CancellationToken cancellationToken)
    {
        var cap = Math.Min(500, 5 * (1 << Math.Min(attempt - 1, 10)));
        return Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(cap / 2, cap + 1)), cancellationToken);
    }
}
