using Reactivation.Core.Journeys;

namespace Reactivation.Core.Policy;

/// <summary>A marketing message that went out (or is going out) to the user, as the contact ledger keeps it.</summary>
/// <param name="SendKey">The send it was.</param>
/// <param name="Channel">The channel.</param>
/// <param name="At">When it was sent.</param>
public sealed record ContactTouch(string SendKey, Channel Channel, DateTimeOffset At);
