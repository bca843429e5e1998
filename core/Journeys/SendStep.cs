namespace Reactivation.Core.Journeys;

/// <summary>Sends one message on one channel, retrying transient failures.</summary>
public sealed record SendStep : JourneyStep
{
    /// <summary>The channel.</summary>
    public required Channel Channel { get; init; }

    /// <summary>The template id.</summary>
    public required string Template { get; init; }

    /// <summary>The offer the message carries, if any.</summary>
    public string? Offer { get; init; }

    /// <summary>How transient failures are retried; <see cref="RetryPolicy.Default"/> when absent.</summary>
    public RetryPolicy? Retry { get; init; }

    /// <summary>The step after a send (or after a skip, when the user cannot be reached on this channel).</summary>
    public required string Next { get; init; }

    /// <summary>The step after a permanent failure or exhausted retries; without it the instance fails.</summary>
    public string? OnFailure { get; init; }

    /// <inheritdoc />
    public override IEnumerable<(string Property, string Target)> Exits()
    {
        yield return ("next", Next);
        if (OnFailure is not null)
        {
            yield return ("onFailure", OnFailure);
        }
    }
}
