namespace Reactivation.Core.Journeys;

/// <summary>An external event raised to an instance: stored in its partition, deduplicated by id, buffered until a step takes it.</summary>
/// <param name="Id">The raiser's id for the event; a repeat with the same id is the same event.</param>
/// <param name="Name">The event name (see <see cref="JourneyEventNames"/>).</param>
/// <param name="ReceivedAt">When it happened, as far as the journey is concerned (races with timeouts are decided on it).</param>
/// <param name="Channel">The channel it concerns (an opt-out from SMS, a click in an email), if any.</param>
public sealed record InboundEvent(string Id, string Name, DateTimeOffset ReceivedAt, Channel? Channel = null);
