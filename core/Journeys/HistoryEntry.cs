namespace Reactivation.Core.Journeys;

/// <summary>One line of an instance's history, stored as a row in its partition.</summary>
/// <param name="At">When, on the journey's clock.</param>
/// <param name="Kind">What happened: started, sent, skipped, heldOut, sendFailed, retryScheduled, waiting, waited, eventReceived, timedOut, branched, assigned, exited, suspended, resumed, terminated, reconciling.</param>
/// <param name="Step">The step concerned, if any.</param>
/// <param name="Detail">A readable detail.</param>
public sealed record HistoryEntry(DateTimeOffset At, string Kind, string? Step, string? Detail);
