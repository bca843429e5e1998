namespace Reactivation.Infra.Journeys;

/// <summary>The offer a message carries, as its template shows it.</summary>
/// <param name="OfferId">The catalogue offer.</param>
/// <param name="Code">The coupon code, unique to the send that issued it.</param>
/// <param name="Name">The offer's name in the user's language.</param>
/// <param name="Value">The face value (reporting currency).</param>
/// <param name="Threshold">The minimum spend, for a threshold coupon.</param>
/// <param name="ExpiresAt">When it expires.</param>
public sealed record MessageOffer(string OfferId, string Code, string Name, decimal Value, decimal? Threshold, DateTimeOffset ExpiresAt);
