namespace Reactivation.Core.Policy;

/// <summary>What the contact policy decided for one message, and why.</summary>
/// <param name="Kind">Allow, defer, drop or stop.</param>
/// <param name="Rule">The rule that decided (<c>consent</c>, <c>complaint</c>, <c>fatigue</c>, <c>frequencyCap</c>, <c>quietHours</c>), null for allow.</param>
/// <param name="Reason">A sentence an operator can read.</param>
/// <param name="NotBefore">For a deferral, the earliest time the message may go.</param>
public sealed record PolicyVerdict(PolicyVerdictKind Kind, string? Rule, string? Reason, DateTimeOffset? NotBefore = null)
{
    /// <summary>Send now.</summary>
    public static PolicyVerdict Allow { get; } = new(PolicyVerdictKind.Allow, null, null);

    /// <summary>The rule as the not-sent code journeys record (null for allow).</summary>
    public Journeys.NotSentReason? Code => Rule switch
    {
        null => null,
        "consent" => Journeys.NotSentReason.Consent,
        "complaint" => Journeys.NotSentReason.Complaint,
        "fatigue" => Journeys.NotSentReason.Fatigue,
        "frequencyCap" => Journeys.NotSentReason.FrequencyCap,
        "quietHours" => Journeys.NotSentReason.QuietHours,
        _ => throw new InvalidOperationException($"the contact policy has no not-sent code for its rule '{Rule}'"),
    };
}
