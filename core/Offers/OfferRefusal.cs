namespace Reactivation.Core.Offers;

/// <summary>Why an offer was not issued.</summary>
/// <remarks>Stored by name in issuance and reservation rows; never rename a member.</remarks>
public enum OfferRefusal
{
    /// <summary>Not refused.</summary>
    None,

    /// <summary>The catalogue has no offer by that id (a journey version older than the catalogue, say).</summary>
    UnknownOffer,

    /// <summary>The offer's campaign is not (or no longer) configured.</summary>
    UnknownCampaign,

    /// <summary>The campaign's budget cannot pay for one more.</summary>
    CampaignBudgetExhausted,

    /// <summary>The user has received as much from the campaign as its per-user ceiling allows.</summary>
    UserCeilingReached,
}
