namespace Reactivation.Core.Journeys;

/// <summary>Sends one message on one channel, retrying transient failures.</summary>
public sealed record SendStep : JourneyStep
{
    /// <summary>The channel.</summary>
    public required Channel Channel { get; init; }

    /// <summary>The template id.</summary>
    public required string Template { get; init; }

    /// <summary>
    /// The offer the message carries, if any: a catalogue offer id (a new coupon is issued for this send), or
    /// <c>@step</c> to remind the user of the offer issued at that earlier send step (same code, same expiry).
    /// </summary>
    public string? Offer { get; init; }

    /// <summary>The no-cost template sent instead when the offer cannot be issued (campaign budget or the user's ceiling reached); without it the send is skipped.</summary>
    public string? FallbackTemplate { get; init; }

    /// <summary>The step whose offer this send reminds of, when <see cref="Offer"/> is <c>@step</c>.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string? RemindsOf => Offer is ['@', .. var step] ? step : null;

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
