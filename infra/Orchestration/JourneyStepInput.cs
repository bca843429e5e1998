using Reactivation.Core.Journeys;
using Reactivation.Core.Journeys.Events;

namespace Reactivation.Infra.Orchestration;

/// <summary>What the step activity does for one committed decision: record its events, then make its send, if any.</summary>
/// <param name="Before">The state the decision was made on.</param>
/// <param name="After">The state it led to.</param>
/// <param name="Events">The decision's events.</param>
/// <param name="Send">The send it decided, if any.</param>
/// <param name="TraceParent">The trace the instance was started in (see <see cref="JourneyRun.TraceParent"/>), which the step's span continues.</param>
public sealed record JourneyStepInput(JourneyState Before, JourneyState After, IReadOnlyList<JourneyEvent> Events, SendCommand? Send, string? TraceParent = null);
