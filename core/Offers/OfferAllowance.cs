namespace Reactivation.Core.Offers;

/// <summary>The pure decision whether one more issuance of an offer fits the campaign's budget and the user's ceiling.</summary>
/// <param name="Refusal">Why not, or <see cref="OfferRefusal.None"/> when it may be issued.</param>
/// <param name="Reason">The refusal as a sentence with the numbers behind it; null when it may be issued.</param>
/// <remarks>
/// An issuance fits when the amount already spent plus its cost is at most the limit, so a budget is used to the last
/// yuan and never beyond. The shell asks the two questions separately (<see cref="ForUser"/> against the user's row,
/// <see cref="ForCampaign"/> against the campaign's), because each is answered inside the transaction of its own partition.
/// </remarks>
public readonly record struct OfferAllowance(OfferRefusal Refusal, string? Reason)
{
    /// <summary>The answer that lets the issuance go ahead.</summary>
    public static OfferAllowance Issue => default;

    /// <summary>True when the offer may be issued.</summary>
    public bool CanIssue => Refusal == OfferRefusal.None;

    /// <summary>Both checks: the campaign's budget first (it concerns everyone), then the user's ceiling.</summary>
    /// <param name="offer">The offer to issue.</param>
    /// <param name="campaignSpent">What the campaign has spent so far.</param>
    /// <param name="campaignBudget">The campaign's budget.</param>
    /// <param name="userSpent">What the user has received from the campaign so far, in cost.</param>
    /// <param name="userCeiling">The campaign's per-user ceiling.</param>
    public static OfferAllowance Decide(Offer offer, decimal campaignSpent, decimal campaignBudget, decimal userSpent, decimal userCeiling)
    {
        ArgumentNullException.ThrowIfNull(offer);
        var campaign = ForCampaign(offer.Campaign, offer.Cost, campaignSpent, campaignBudget);
        return campaign.CanIssue ? ForUser(offer.Campaign, offer.Cost, userSpent, userCeiling) : campaign;
    }

    /// <summary>Whether <paramref name="cost"/> more fits campaign <paramref name="campaign"/>'s budget.</summary>
    public static OfferAllowance ForCampaign(string campaign, decimal cost, decimal spent, decimal budget) =>
        spent + cost <= budget
            ? Issue
            : new OfferAllowance(
                OfferRefusal.CampaignBudgetExhausted,
                $"campaign {campaign} budget exhausted: {AmountText.Format(spent)} of {AmountText.Format(budget)} spent, offer costs {AmountText.Format(cost)}");

    /// <summary>Whether <paramref name="cost"/> more fits the user's ceiling in campaign <paramref name="campaign"/>.</summary>
    public static OfferAllowance ForUser(string campaign, decimal cost, decimal spent, decimal ceiling) =>
        spent + cost <= ceiling
            ? Issue
            : new OfferAllowance(
                OfferRefusal.UserCeilingReached,
                $"user ceiling reached: {AmountText.Format(spent)} of {AmountText.Format(ceiling)} received in campaign {campaign}, offer costs {AmountText.Format(cost)}");
}
