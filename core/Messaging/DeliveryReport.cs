using Reactivation.Core.Journeys;

namespace Reactivation.Core.Messaging;

/// <summary>What the provider reported about one message it had accepted.</summary>
/// <param name="MessageId">The provider's message id: the SMS message id, or for email the operation id we sent.</param>
/// <param name="Channel">SMS or email.</param>
/// <param name="Status">The provider's status word (<c>Delivered</c>, <c>Failed</c>, <c>Bounced</c>, ...; see <see cref="DeliveryStatuses"/>).</param>
/// <param name="Detail">The provider's explanation, if any.</param>
/// <param name="At">When the provider reached that status: what orders reports that arrive out of order.</param>
public sealed record DeliveryReport(string MessageId, Channel Channel, string Status, string? Detail, DateTimeOffset At);
