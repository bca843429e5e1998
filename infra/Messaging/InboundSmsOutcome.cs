using Reactivation.Core.Messaging;

namespace Reactivation.Infra.Messaging;

/// <summary>What handling one inbound SMS did.</summary>
/// <param name="Keyword">The keyword it was (or none).</param>
/// <param name="Users">The users the sending number belongs to, whose consent was recorded.</param>
/// <param name="JourneysTold">How many running journeys were newly told of an opt-out.</param>
public sealed record InboundSmsOutcome(SmsKeyword Keyword, IReadOnlyList<string> Users, int JourneysTold);
