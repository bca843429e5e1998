namespace Reactivation.Core.Offers;

/// <summary>An offer issued to a user for one send, with the code the message carries.</summary>
/// <param name="SendKey">The send it was issued for.</param>
/// <param name="OfferId">The offer.</param>
/// <param name="UserId">Who received it.</param>
/// <param name="Kind">What it gives.</param>
/// <param name="Campaign">The campaign that paid for it.</param>
/// <param name="Code">The coupon code, unique to the send.</param>
/// <param name="Value">Face value at issue.</param>
/// <param name="Threshold">Minimum spend at issue, for a threshold coupon.</param>
/// <param name="Cost">What it charged the campaign and the user's ceiling.</param>
/// <param name="Name">Display names per locale at issue.</param>
/// <param name="IssuedAt">When it was first issued.</param>
/// <param name="ExpiresAt">When it stops being redeemable: first issue plus the offer's validity, never moved by a retry.</param>
/// <param name="RedeemedAt">When it was redeemed, if it was.</param>
/// <remarks>Amounts and names are those in force when it was first issued; a later catalogue change does not alter an issued offer.</remarks>
public sealed record IssuedOffer(
    string SendKey,
    string OfferId,
    string UserId,
    OfferKind Kind,
    string Campaign,
    string Code,
    decimal Value,
    decimal? Threshold,
    decimal Cost,
    IReadOnlyDictionary<string, string> Name,
    DateTimeOffset IssuedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? RedeemedAt = null) : OfferIssue(SendKey, OfferId)
{
    /// <summary>The display name for <paramref name="locale"/>: exact, then the same language, then the first listed.</summary>
    public string NameFor(string? locale) => LocaleChoice.Pick(Name, locale)?.Value ?? OfferId;

    /// <summary>True when the offer can no longer be redeemed at <paramref name="at"/> (it is valid up to, not including, <see cref="ExpiresAt"/>).</summary>
    public bool IsExpiredAt(DateTimeOffset at) => at >= ExpiresAt;

    /// <summary>Value equality, with the names compared by content and order: an offer read back from storage equals the one issued.</summary>
    public bool Equals(IssuedOffer? other) =>
        base.Equals(other)
        && UserId == other.UserId
        && Kind == other.Kind
        && Campaign == other.Campaign
        && Code == other.Code
        && Value == other.Value
        && Threshold == other.Threshold
        && Cost == other.Cost
        && Name.SequenceEqual(other.Name)
        && IssuedAt == other.IssuedAt
        && ExpiresAt == other.ExpiresAt
        && RedeemedAt == other.RedeemedAt;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), UserId, Code, ExpiresAt);
}
