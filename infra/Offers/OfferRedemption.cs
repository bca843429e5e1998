using Reactivation.Core.Offers;

namespace Reactivation.Infra.Offers;

/// <summary>The answer to a redemption.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="Offer">The issued offer (with its redemption time once redeemed); null when none was found or it was never issued.</param>
public sealed record OfferRedemption(RedemptionOutcome Outcome, IssuedOffer? Offer);
