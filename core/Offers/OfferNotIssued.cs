namespace Reactivation.Core.Offers;

/// <summary>An offer that was not issued for a send, and why; the journey falls back to a message with no incentive.</summary>
/// <param name="SendKey">The send.</param>
/// <param name="OfferId">The offer asked for.</param>
/// <param name="Refusal">Why, as a value to branch on.</param>
/// <param name="Reason">Why, as a sentence with the numbers behind it.</param>
public sealed record OfferNotIssued(string SendKey, string OfferId, OfferRefusal Refusal, string Reason) : OfferIssue(SendKey, OfferId);
