using Reactivation.Core.Journeys;

namespace Reactivation.Infra.Journeys;

/// <summary>What the click-back needs from a send record: the channel and variant (for UTM and the click event) and when it went out.</summary>
/// <param name="SendKey">The send's key.</param>
/// <param name="Channel">The channel it went out on.</param>
/// <param name="Variant">The split variant, if any.</param>
/// <param name="FirstSentAt">When the send was decided.</param>
/// <param name="AnsweredAt">When the provider accepted it (or refused it).</param>
/// <param name="DeliveredAt">When the provider reported it delivered, if it did.</param>
public sealed record SendRecord(string SendKey, Channel Channel, string? Variant, DateTimeOffset? FirstSentAt, DateTimeOffset? AnsweredAt, DateTimeOffset? DeliveredAt)
{
    /// <summary>The best known time the message reached the user: delivered, else accepted, else decided.</summary>
    public DateTimeOffset? ReachedAt => DeliveredAt ?? AnsweredAt ?? FirstSentAt;
}
