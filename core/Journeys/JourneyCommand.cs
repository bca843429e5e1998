namespace Reactivation.Core.Journeys;

/// <summary>Something the shell must do after committing a decision.</summary>
public abstract record JourneyCommand;

/// <summary>Send one message. The commit that carries this command also inserts the send record under <paramref name="SendKey"/>.</summary>
/// <param name="SendKey">The deterministic key: instance, step and visit; the channel's idempotency key.</param>
/// <param name="StepId">The send step.</param>
/// <param name="Channel">The channel.</param>
/// <param name="Template">The template id.</param>
/// <param name="Offer">The offer, if any.</param>
/// <param name="Attempt">Which attempt this is (1-based); retries reuse the key.</param>
/// <param name="Variant">The variants the instance was assigned, for stamping on the message.</param>
/// <param name="FallbackTemplate">The template to send instead when the offer cannot be issued (budget or ceiling reached).</param>
/// <param name="Reminded">For a reminder (<c>"offer": "@step"</c>), the offer issued at that step.</param>
public sealed record SendCommand(
    string SendKey, string StepId, Channel Channel, string Template, string? Offer, int Attempt, string? Variant, string? FallbackTemplate = null, IssuedOfferRef? Reminded = null)
    : JourneyCommand;

/// <summary>Wake the instance at <paramref name="DueAt"/> (a durable timer).</summary>
/// <param name="DueAt">When.</param>
public sealed record ScheduleWakeCommand(DateTimeOffset DueAt) : JourneyCommand;

/// <summary>The instance has ended: release the user for future journeys.</summary>
/// <param name="Outcome">How it ended.</param>
public sealed record FinishCommand(JourneyOutcome Outcome) : JourneyCommand;
