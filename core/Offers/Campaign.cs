namespace Reactivation.Core.Offers;

/// <summary>A budget pool that offers draw on, with a cap on what any one user may receive from it.</summary>
/// <param name="Id">The id offers name it by (lower-case letters, digits and dashes); also its storage partition.</param>
/// <param name="Budget">The most all issuances of its offers may cost together, in the reporting currency.</param>
/// <param name="PerUserCeiling">The most one user may receive across all of its offers, in cost.</param>
/// <param name="Description">What the campaign is for, for people reading the catalogue.</param>
/// <remarks>
/// The ceiling is per campaign, not global per user: a campaign is the unit a team budgets and reviews (the seeds' cost
/// targets, such as about 30元 per user and 5-8元 for low-value users, are set per programme), and the user's spent
/// counter then lives next to the campaign's in the same key scheme.
/// </remarks>
public sealed record Campaign(string Id, decimal Budget, decimal PerUserCeiling, string? Description = null);
