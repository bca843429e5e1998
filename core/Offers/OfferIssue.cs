namespace Reactivation.Core.Offers;

/// <summary>The answer to a request to issue an offer for one send: <see cref="IssuedOffer"/> or <see cref="OfferNotIssued"/>.</summary>
/// <param name="SendKey">The send the request was for; every later request with this key gets the same answer.</param>
/// <param name="OfferId">The offer asked for.</param>
public abstract record OfferIssue(string SendKey, string OfferId);
