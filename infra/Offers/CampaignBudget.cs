namespace Reactivation.Infra.Offers;

/// <summary>Where a campaign's budget stands.</summary>
/// <param name="Campaign">The campaign id.</param>
/// <param name="Budget">The configured budget.</param>
/// <param name="Spent">What its issued offers cost so far (the stored counter).</param>
/// <param name="Issued">How many offers it has paid for.</param>
public sealed record CampaignBudget(string Campaign, decimal Budget, decimal Spent, long Issued)
{
    /// <summary>What is left: the budget less what was spent, never below zero (a budget lowered below the spend shows none left).</summary>
    public decimal Remaining => Math.Max(0, Budget - Spent);
}
