using Reactivation.Core.Journeys;

namespace Reactivation.Core.Messaging;

/// <summary>
/// The status words of ACS delivery reports and what each means to us: which are final, which order wins when reports
/// arrive out of order or twice, and which make an address unusable. Pure.
/// </summary>
public static class DeliveryStatuses
{
    /// <summary>The message reached the handset or mailbox.</summary>
    public const string Delivered = "Delivered";

    /// <summary>Delivery failed (SMS and email).</summary>
    public const string Failed = "Failed";

    /// <summary>Email: the receiving server refused the address for good (a hard bounce).</summary>
    public const string Bounced = "Bounced";

    /// <summary>Email: the provider did not try, because the address is on its suppression list.</summary>
    public const string Suppressed = "Suppressed";

    /// <summary>Email: held by the receiving server as suspicious.</summary>
    public const string Quarantined = "Quarantined";

    /// <summary>Email: filtered as spam.</summary>
    public const string FilteredSpam = "FilteredSpam";

    /// <summary>Email: delivered to a distribution list, which expanded it; the members' own reports may follow.</summary>
    public const string Expanded = "Expanded";

    /// <summary>What the SMS delivery report says after the recipient texted STOP to the sending number (azure-platform-facts §5.6).</summary>
    public const string SenderBlocked = "Sender blocked";

    private static readonly HashSet<string> Final = new(StringComparer.OrdinalIgnoreCase) { Delivered, Failed, Bounced, Suppressed, Quarantined, FilteredSpam };

    /// <summary>True for statuses nothing follows: a report with one of these ends the message's story.</summary>
    /// <remarks>Unknown words count as not final, so a status the provider adds later can never hide a final one.</remarks>
    public static bool IsFinal(string status) => Final.Contains(status);

    /// <summary>
    /// Whether <paramref name="incoming"/> should replace what the send record holds. Event Grid delivers at least once
    /// and in any order, so: a duplicate changes nothing; a final status beats a non-final one whatever their times;
    /// between two of the same kind the later one wins, and a tie keeps what is stored.
    /// </summary>
    /// <param name="storedStatus">The status on the record, or null when none was reported yet.</param>
    /// <param name="storedAt">When the stored status was reached.</param>
    /// <param name="incoming">The new report.</param>
    public static bool Replaces(string? storedStatus, DateTimeOffset? storedAt, DeliveryReport incoming)
    {
        if (storedStatus is null || storedAt is not { } at)
        {
            return true;
        }

        var storedFinal = IsFinal(storedStatus);
        var incomingFinal = IsFinal(incoming.Status);
        if (storedFinal != incomingFinal)
        {
            return incomingFinal;
        }

        return incoming.At > at;
    }

    /// <summary>Why the report makes its address unusable for good, or null when it does not.</summary>
    /// <remarks>
    /// A hard bounce and a suppression are the provider saying the address will not take mail; an SMS refused because
    /// the recipient texted STOP to the sending number will be refused every time. Other failures may heal, and count
    /// towards <see cref="FailureStreak"/> instead.
    /// </remarks>
    public static string? BlockReason(DeliveryReport report) => report switch
    {
        { Channel: Channel.Email, Status: var s } when s.Equals(Bounced, StringComparison.OrdinalIgnoreCase) =>
            $"the email bounced (hard bounce){Suffix(report.Detail)}",
        { Channel: Channel.Email, Status: var s } when s.Equals(Suppressed, StringComparison.OrdinalIgnoreCase) =>
            $"the address is on the provider's suppression list{Suffix(report.Detail)}",
        { Channel: Channel.Sms, Status: var s, Detail: { } d } when s.Equals(Failed, StringComparison.OrdinalIgnoreCase) && d.Contains(SenderBlocked, StringComparison.OrdinalIgnoreCase) =>
            $"the recipient blocked the sender{Suffix(d)}",
        _ => null,
    };

    /// <summary>True when the report is a failure that counts towards blocking the address after repeats.</summary>
    public static bool IsFailure(DeliveryReport report) => report.Status.Equals(Failed, StringComparison.OrdinalIgnoreCase);

    /// <summary>True when the report proves the address works, which ends a run of failures.</summary>
    public static bool IsDelivered(DeliveryReport report) => report.Status.Equals(Delivered, StringComparison.OrdinalIgnoreCase);

    private static string Suffix(string? detail) => string.IsNullOrWhiteSpace(detail) ? "" : $": {detail}";
}
