using Reactivation.Core.Journeys;

namespace Reactivation.Infra.Orchestration;

/// <summary>The output of a journey orchestration: how it ended.</summary>
/// <param name="Outcome">The outcome.</param>
/// <param name="Reason">Why.</param>
/// <param name="Sends">Messages sent.</param>
/// <param name="Skips">Sends skipped.</param>
/// <param name="HeldOutSends">Messages a held-out instance would have sent.</param>
public sealed record JourneyResult(JourneyOutcome Outcome, string? Reason, int Sends, int Skips, int HeldOutSends);
