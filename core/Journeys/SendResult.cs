namespace Reactivation.Core.Journeys;

/// <summary>What a channel said about one send.</summary>
/// <param name="Status">Sent, skipped, or how it failed.</param>
/// <param name="Detail">Why (for skips and failures), readable by an operator.</param>
/// <param name="ProviderId">The provider's message id, when it gave one.</param>
/// <param name="RetryAfter">For a transient failure, how long the provider asked us to wait (a retry never comes sooner).</param>
/// <param name="RecipientRefused">For a permanent failure, true when it is the address the provider refused (not the request).</param>
/// <param name="NotBefore">For a deferral, when to try again.</param>
/// <param name="Offer">The offer the message carried, when one was issued for it (the journey keeps it for reminders).</param>
/// <param name="Reason">For anything but a send, why, as the code reports and ledgers keep.</param>
public sealed record SendResult(
    SendStatus Status, string? Detail = null, string? ProviderId = null, TimeSpan? RetryAfter = null, bool RecipientRefused = false, DateTimeOffset? NotBefore = null,
    IssuedOfferRef? Offer = null, NotSentReason? Reason = null)
{
    /// <summary>The message went out.</summary>
    public static SendResult Sent(string? providerId = null) => new(SendStatus.Sent, null, providerId);

    /// <summary>The message was not sent and need not be (no contact point, say); the journey goes on.</summary>
    public static SendResult Skipped(NotSentReason reason, string detail) => new(SendStatus.Skipped, detail, Reason: reason);

    /// <summary>The attempt failed and may succeed later.</summary>
    public static SendResult Transient(string reason, TimeSpan? retryAfter = null) => new(SendStatus.TransientFailure, reason, null, retryAfter, Reason: NotSentReason.RetriesExhausted);

    /// <summary>The attempt failed and never will succeed.</summary>
    public static SendResult Permanent(string reason, bool recipientRefused = false, NotSentReason code = NotSentReason.ProviderRefused) =>
        new(SendStatus.PermanentFailure, reason, RecipientRefused: recipientRefused, Reason: code);

    /// <summary>The contact policy says not yet; the same send is tried again at <paramref name="notBefore"/>.</summary>
    public static SendResult Deferred(DateTimeOffset notBefore, NotSentReason reason, string detail) => new(SendStatus.Deferred, detail, NotBefore: notBefore, Reason: reason);

    /// <summary>The contact policy stopped the message and the journey with it.</summary>
    public static SendResult Suppressed(NotSentReason reason, string detail) => new(SendStatus.Suppressed, detail, Reason: reason);
}
