namespace Reactivation.Core.Journeys;

/// <summary>
/// Waits a duration, then (if given) until the user's local time is inside a window; or waits until a set time before
/// the expiry of an offer an earlier send issued (the 48-hour reminder).
/// </summary>
public sealed record WaitStep : JourneyStep
{
    /// <summary>How long before an offer's expiry a reminder goes when <see cref="Before"/> is not given.</summary>
    public static readonly TimeSpan DefaultBeforeExpiry = TimeSpan.FromHours(48);

    /// <summary>The send step whose issued offer's expiry the wait counts back from.</summary>
    public string? BeforeExpiryOf { get; init; }

    /// <summary>How long before that expiry the wait ends (default 48 hours).</summary>
    public TimeSpan? Before { get; init; }

    /// <summary>Where to go when that send issued no offer (a fallback message went instead) or the offer has already expired.</summary>
    public string? IfNoOffer { get; init; }

    /// <summary>How long to wait, from entering the step.</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>A local time-of-day window (in the user's time zone) the wait must end inside.</summary>
    public TimeWindow? Window { get; init; }

    /// <summary>The step after the wait.</summary>
    public required string Next { get; init; }

    /// <inheritdoc />
    public override IEnumerable<(string Property, string Target)> Exits()
    {
        yield return ("next", Next);
        if (IfNoOffer is not null)
        {
            yield return ("ifNoOffer", IfNoOffer);
        }
    }
}
