namespace Reactivation.Core.Messaging;

/// <summary>One failed delivery in a <see cref="FailureStreak"/>.</summary>
/// <param name="MessageId">The provider's message id.</param>
/// <param name="At">When it failed.</param>
public sealed record FailedDelivery(string MessageId, DateTimeOffset At);
