namespace Reactivation.Core.Offers;

/// <summary>One incentive a journey may hand out, as the catalogue configures it.</summary>
/// <param name="Id">The id journeys name it by (lower-case letters, digits and dashes).</param>
/// <param name="Kind">What it gives.</param>
/// <param name="Name">Display name per locale (<c>zh-CN</c>, <c>en-US</c>); the first listed is the fallback.</param>
/// <param name="Value">Face value in the reporting currency (CNY); zero for an upgrade or trial with no face value.</param>
/// <param name="Threshold">The minimum spend, for a <see cref="OfferKind.ThresholdCoupon"/> only.</param>
/// <param name="Cost">What one issuance charges the campaign's budget and the user's ceiling: the face value for coupons unless
/// configured otherwise, a configured unit cost for an upgrade or a trial.</param>
/// <param name="ValidFor">How long an issued offer stays redeemable, counted from its first issue.</param>
/// <param name="Campaign">The id of the <see cref="Offers.Campaign"/> whose budget pays for it.</param>
/// <param name="CodePrefix">The prefix of its coupon codes (<c>R20</c> gives <c>R20-7KQ2M9XAB4</c>); unique in the catalogue.</param>
public sealed record Offer(
    string Id, OfferKind Kind, IReadOnlyDictionary<string, string> Name, decimal Value, decimal? Threshold, decimal Cost, TimeSpan ValidFor, string Campaign, string CodePrefix)
{
    /// <summary>The display name for <paramref name="locale"/>: exact, then the same language, then the first listed.</summary>
    public string NameFor(string? locale) => LocaleChoice.Pick(Name, locale)?.Value ?? Id;
}
