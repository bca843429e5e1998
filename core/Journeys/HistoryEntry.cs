namespace Reactivation.Core.Journeys;

/// <summary>One readable line of an instance's history: how <see cref="JourneyTimeline"/> shows a typed event to people.</summary>
/// <param name="At">When, on the journey's clock.</param>
/// <param name="Kind">The event's display kind: enrolled, started, sending, sent, skipped, heldOut, deferred, suppressed, retryScheduled, sendFailed, waiting, waited, eventReceived, eventIgnored, timedOut, branched, assigned, suspended, resumed, exited, terminated.</param>
/// <param name="Step">The step concerned, if any.</param>
/// <param name="Detail">A readable detail.</param>
/// <remarks>Only for display: nothing reads a line back; measurement, the audit and the ledgers read the typed events.</remarks>
public sealed record HistoryEntry(DateTimeOffset At, string Kind, string? Step, string? Detail);
