using Reactivation.Core.Journeys;

namespace Reactivation.Infra.Orchestration;

/// <summary>
/// The custom status a journey orchestration publishes: its state after the latest decision, which the status API and
/// the enrollment read, and on a simulated clock the latest clock tick it has taken.
/// </summary>
/// <param name="State">The instance's state.</param>
/// <param name="Tick">The highest clock tick taken (0 on the orchestration's own clock); see <see cref="JourneyClock"/>.</param>
/// <param name="Idle">True when the instance is waiting (for a timer, an event or a tick) with nothing left to do.</param>
public sealed record JourneyStatus(JourneyState State, long Tick = 0, bool Idle = false);
