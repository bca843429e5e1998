using Azure;
using Reactivation.Core.Journeys;

namespace Reactivation.Infra.Journeys;

/// <summary>An instance as one step sees it: the state, the ETag to condition the commit on, and its stored events.</summary>
/// <param name="State">The state.</param>
/// <param name="ETag">The instance row's ETag.</param>
/// <param name="Inbox">Every event stored for the instance.</param>
public sealed record LoadedInstance(JourneyState State, ETag ETag, IReadOnlyList<InboundEvent> Inbox);
