using Reactivation.Core.Journeys;

namespace Reactivation.Infra.Journeys;

/// <summary>What a channel is asked to send.</summary>
/// <param name="SendKey">The idempotency key: the same key must never become a second message.</param>
/// <param name="InstanceId">The journey instance.</param>
/// <param name="JourneyId">The journey.</param>
/// <param name="StepId">The send step.</param>
/// <param name="UserId">The recipient.</param>
/// <param name="Channel">The channel.</param>
/// <param name="Template">The template id.</param>
/// <param name="Offer">The offer, if any.</param>
/// <param name="Variant">The split variants, if any.</param>
/// <param name="Attempt">The attempt number.</param>
/// <param name="FirstAttemptAt">When the send's first attempt started: the same on every retry (SMS repeatability needs it).</param>
public sealed record OutboundMessage(
    string SendKey, string InstanceId, string JourneyId, string StepId, string UserId, Channel Channel, string Template, string? Offer, string? Variant, int Attempt,
    DateTimeOffset FirstAttemptAt)
{
    /// <summary>What the journey knew about the user when it started (band, tier, cause), for personalisation.</summary>
    public JourneyContext? Context { get; init; }

    /// <summary>The no-cost template to send when the offer cannot be issued.</summary>
    public string? FallbackTemplate { get; init; }

    /// <summary>For a reminder, the offer issued by an earlier send.</summary>
    public IssuedOfferRef? Reminded { get; init; }

    /// <summary>The recipient's profile as the contact policy read it for this send, so the provider need not read it again.</summary>
    public Core.Profiles.UserProfile? Profile { get; init; }

    /// <summary>
    /// The user's unusable contact points as the contact policy read them for this send (with the rest of the user's
    /// contact state, in one query), so the provider need not read them again; null when they were not read.
    /// </summary>
    public IReadOnlyList<Policy.ContactBlock>? Blocks { get; init; }

    /// <summary>The offer issued for this send, filled in by the offer desk before the provider renders the message.</summary>
    public MessageOffer? IssuedOffer { get; init; }
}
