namespace Reactivation.Infra.Offers;

/// <summary>What a redemption did.</summary>
public enum RedemptionOutcome
{
    /// <summary>Recorded now.</summary>
    Redeemed,

    /// <summary>Recorded before (a repeated delivery, say); the first redemption time stands.</summary>
    AlreadyRedeemed,

    /// <summary>The user has no issuance with that code or send key.</summary>
    NotFound,

    /// <summary>The send's offer was refused, or its issue never completed, so the code was never handed out.</summary>
    NotIssued,

    /// <summary>The redemption came at or after the offer's expiry; nothing was recorded.</summary>
    Expired,
}
