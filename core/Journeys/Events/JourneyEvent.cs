using System.Text.Json.Serialization;

namespace Reactivation.Core.Journeys.Events;

/// <summary>
/// Something that happened in one journey instance, decided by <see cref="JourneyDecider"/> and folded into
/// <see cref="JourneyState"/> by <see cref="JourneyDecider.Evolve"/>. Every other part of the product (measurement, the
/// audit trail, the why-not-sent ledger, the status API's history) reads these, never text.
/// </summary>
/// <remarks>
/// Events are stored and passed to activities as JSON under a type discriminator that carries its version
/// (<c>sent/1</c>): a change to an event's meaning is a new type with a new version, and the old one keeps being read.
/// </remarks>
/// <param name="At">When it happened, on the journey's clock.</param>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(Enrolled), "enrolled/1")]
[JsonDerivedType(typeof(Started), "started/1")]
[JsonDerivedType(typeof(StepEntered), "stepEntered/1")]
[JsonDerivedType(typeof(SendHeldOut), "heldOut/1")]
[JsonDerivedType(typeof(SendSkipped), "skipped/1")]
[JsonDerivedType(typeof(SendDecided), "sendDecided/1")]
[JsonDerivedType(typeof(Sent), "sent/1")]
[JsonDerivedType(typeof(SendDeferred), "deferred/1")]
[JsonDerivedType(typeof(SendSuppressed), "suppressed/1")]
[JsonDerivedType(typeof(RetryScheduled), "retryScheduled/1")]
[JsonDerivedType(typeof(SendFailed), "sendFailed/1")]
[JsonDerivedType(typeof(WaitStarted), "waiting/1")]
[JsonDerivedType(typeof(Waited), "waited/1")]
[JsonDerivedType(typeof(TimedOut), "timedOut/1")]
[JsonDerivedType(typeof(EventReceived), "eventReceived/1")]
[JsonDerivedType(typeof(EventIgnored), "eventIgnored/1")]
[JsonDerivedType(typeof(Branched), "branched/1")]
[JsonDerivedType(typeof(VariantAssigned), "assigned/1")]
[JsonDerivedType(typeof(Exited), "exited/1")]
public abstract record JourneyEvent(DateTimeOffset At)
{
    /// <summary>The step the event concerns, if any.</summary>
    [JsonIgnore]
    public abstract string? Step { get; }
}
