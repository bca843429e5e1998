namespace Reactivation.Core.Measurement;

/// <summary>
/// The counters of one metrics row (or a sum of rows). Every field adds: a row is the sum of its facts, a report the sum
/// of its rows.
/// </summary>
public sealed record MetricCounters
{
    /// <summary>No counts at all.</summary>
    public static readonly MetricCounters Zero = new();

    /// <summary>Users enrolled (every arm).</summary>
    public long Enrolled { get; init; }

    /// <summary>Of them, users held out (global holdout) or in the journey's control share: nothing is sent to them.</summary>
    public long HeldOut { get; init; }

    /// <summary>Treated users sent at least one message.</summary>
    public long Reached { get; init; }

    /// <summary>Messages the channel accepted.</summary>
    public long Sent { get; init; }

    /// <summary>Messages not sent (unreachable, opted out, policy, quiet hours past the retry window...).</summary>
    public long Skipped { get; init; }

    /// <summary>Sends that failed for good.</summary>
    public long Failed { get; init; }

    /// <summary>Messages the carrier or mailbox reported delivered.</summary>
    public long Delivered { get; init; }

    /// <summary>Messages with a human click (the first per message; scanners excluded).</summary>
    public long Clicked { get; init; }

    /// <summary>Users who returned (login or purchase) within the return window.</summary>
    public long Returned { get; init; }

    /// <summary>Of <see cref="Returned"/>, users who had been sent at least one message (the activation rate's numerator).</summary>
    public long ReturnedAfterReach { get; init; }

    /// <summary>Users who purchased within the return window.</summary>
    public long Purchasers { get; init; }

    /// <summary>Purchases within the return window.</summary>
    public long Purchases { get; init; }

    /// <summary>Their revenue.</summary>
    public double Revenue { get; init; }

    /// <summary>Sent × unit cost of the channel.</summary>
    public double Cost { get; init; }

    /// <summary>Returned users with a login or purchase on a later day within 30 days of the return.</summary>
    public long Retained30 { get; init; }

    /// <summary>Returned users' spend within 30 days after the return.</summary>
    public double SpendAfter30 { get; init; }

    /// <summary>Within 60 days.</summary>
    public double SpendAfter60 { get; init; }

    /// <summary>Within 90 days.</summary>
    public double SpendAfter90 { get; init; }

    /// <summary>Returned users' spend per 30 days before they went silent (lifetime spend per day while active × 30).</summary>
    public double SpendBefore30 { get; init; }

    /// <summary>The sum of two sets of counters.</summary>
    public static MetricCounters operator +(MetricCounters a, MetricCounters b) => new()
    {
        Enrolled = a.Enrolled + b.Enrolled,
        HeldOut = a.HeldOut + b.HeldOut,
        Reached = a.Reached + b.Reached,
        Sent = a.Sent + b.Sent,
        Skipped = a.Skipped + b.Skipped,
        Failed = a.Failed + b.Failed,
        Delivered = a.Delivered + b.Delivered,
        Clicked = a.Clicked + b.Clicked,
        Returned = a.Returned + b.Returned,
        ReturnedAfterReach = a.ReturnedAfterReach + b.ReturnedAfterReach,
        Purchasers = a.Purchasers + b.Purchasers,
        Purchases = a.Purchases + b.Purchases,
        Revenue = a.Revenue + b.Revenue,
        Cost = a.Cost + b.Cost,
        Retained30 = a.Retained30 + b.Retained30,
        SpendAfter30 = a.SpendAfter30 + b.SpendAfter30,
        SpendAfter60 = a.SpendAfter60 + b.SpendAfter60,
        SpendAfter90 = a.SpendAfter90 + b.SpendAfter90,
        SpendBefore30 = a.SpendBefore30 + b.SpendBefore30,
    };

    /// <summary>The sum of <paramref name="counters"/>.</summary>
    public static MetricCounters Sum(IEnumerable<MetricCounters> counters) => counters.Aggregate(Zero, (sum, c) => sum + c);
}
