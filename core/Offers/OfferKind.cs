namespace Reactivation.Core.Offers;

/// <summary>What an offer gives the user.</summary>
/// <remarks>Written in catalogues and issuance rows by name (camelCase in JSON); never renumber or rename a member.</remarks>
public enum OfferKind
{
    /// <summary>Money off any order (the seeds' 20元无门槛券).</summary>
    NoThresholdCoupon,

    /// <summary>Money off an order of at least <see cref="Offer.Threshold"/> (满199减50).</summary>
    ThresholdCoupon,

    /// <summary>A bundle of benefits granted on return (回归即领100元礼包).</summary>
    GiftPack,

    /// <summary>A membership tier raised for <see cref="Offer.ValidFor"/> (會員等級臨時提升).</summary>
    TierUpgrade,

    /// <summary>An exclusive trial of a new product (專屬新品試用權).</summary>
    ProductTrial,
}
