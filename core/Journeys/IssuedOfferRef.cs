namespace Reactivation.Core.Journeys;

/// <summary>An offer issued with a send, as the journey remembers it: enough to remind the user before it expires.</summary>
/// <param name="OfferId">The catalogue offer.</param>
/// <param name="Code">The coupon code the user got.</param>
/// <param name="ExpiresAt">When it expires.</param>
public sealed record IssuedOfferRef(string OfferId, string Code, DateTimeOffset ExpiresAt);
