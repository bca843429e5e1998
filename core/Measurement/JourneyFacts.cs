using Reactivation.Core.Journeys;

namespace Reactivation.Core.Measurement;

/// <summary>
/// The facts a journey's own life produces: its enrollment, and each send, skip and failure a decision records. Pure:
/// the engine stores what this returns before it commits the decision.
/// </summary>
public static class JourneyFacts
{
    /// <summary>The enrollment of a new instance (held-out and control instances included: they are measured alike).</summary>
    public static MetricFact Enrolled(JourneyDefinition definition, JourneyState state) =>
        new(state.JourneyId, MetricFact.DayOf(state.CreatedAt), $"enrolled~{state.InstanceId}", MetricDimensions.Of(definition, state),
            new MetricCounters { Enrolled = 1, HeldOut = state.HeldOut ? 1 : 0 });

    /// <summary>
    /// The sends, skips and failures in <paramref name="decision"/>'s history, each under the id of what it counts (the
    /// send key, or the step visit for a skip), so deciding the same step again stores nothing new.
    /// </summary>
    /// <param name="definition">The instance's definition (for each step's channel).</param>
    /// <param name="before">The state the decision was made on.</param>
    /// <param name="decision">The decision.</param>
    /// <param name="unitCost">A channel's cost per message sent.</param>
    public static IReadOnlyList<MetricFact> Of(JourneyDefinition definition, JourneyState before, JourneyDecision decision, Func<Channel, double> unitCost)
    {
        var after = decision.State;
        var dimensions = MetricDimensions.Of(definition, before);
        var facts = new List<MetricFact>();
        var sendsSoFar = before.Sends;
        foreach (var entry in decision.History)
        {
            if (entry.Step is not { } stepId || definition.FindStep(stepId) is not SendStep step)
            {
                continue;
            }

            var visit = after.Visits.GetValueOrDefault(stepId, 1);
            var sendKey = JourneyState.SendKeyFor(before.InstanceId, stepId, visit);
            var at = dimensions with { Step = stepId, Channel = ChannelName(step.Channel) };
            var day = MetricFact.DayOf(entry.At);
            switch (entry.Kind)
            {
                case "sent":
                    sendsSoFar++;
                    facts.Add(new MetricFact(before.JourneyId, day, $"sent~{sendKey}", at,
                        new MetricCounters { Sent = 1, Cost = unitCost(step.Channel), Reached = sendsSoFar == 1 ? 1 : 0 }));
                    break;
                case "skipped" or "suppressed":
                    facts.Add(new MetricFact(before.JourneyId, day, $"skipped~{sendKey}", at with { Reason = SkipReason.Normalize(entry.Kind, entry.Detail) },
                        new MetricCounters { Skipped = 1 }));
                    break;
                case "sendFailed":
                    facts.Add(new MetricFact(before.JourneyId, day, $"failed~{sendKey}", at, new MetricCounters { Failed = 1 }));
                    break;
            }
        }

        return facts;
    }

    /// <summary>A delivery report for one of the instance's sends.</summary>
    public static MetricFact Delivered(JourneyDefinition definition, JourneyState state, string sendKey, string stepId, Channel channel, DateTimeOffset at) =>
        new(state.JourneyId, MetricFact.DayOf(at), $"delivered~{sendKey}", MetricDimensions.Of(definition, state) with { Step = stepId, Channel = ChannelName(channel) },
            new MetricCounters { Delivered = 1 });

    /// <summary>The first human click on one of the instance's sends.</summary>
    public static MetricFact Clicked(JourneyDefinition definition, JourneyState state, string sendKey, string stepId, Channel channel, DateTimeOffset at) =>
        new(state.JourneyId, MetricFact.DayOf(at), $"clicked~{sendKey}", MetricDimensions.Of(definition, state) with { Step = stepId, Channel = ChannelName(channel) },
            new MetricCounters { Clicked = 1 });

    /// <summary>A channel as reports name it: sms, email, webhook.</summary>
    public static string ChannelName(Channel channel) => channel.ToString().ToLowerInvariant();
}
