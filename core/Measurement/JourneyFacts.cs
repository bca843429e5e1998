using Reactivation.Core.Journeys;
using Reactivation.Core.Journeys.Events;

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
    /// The sends, skips and failures among <paramref name="decision"/>'s events, each under the id of what it counts (the
    /// send key, or the step visit for a skip), so deciding the same step again stores nothing new. Held-out sends are
    /// counted at enrollment and deferrals are sent later, so neither is a fact here.
    /// </summary>
    /// <param name="definition">The instance's definition (for each step's channel).</param>
    /// <param name="before">The state the decision was made on.</param>
    /// <param name="decision">The decision.</param>
    /// <param name="unitCost">A channel's cost per message sent.</param>
    public static IReadOnlyList<MetricFact> Of(JourneyDefinition definition, JourneyState before, JourneyDecision decision, Func<Channel, double> unitCost) =>
        Of(definition, before, decision.Events, unitCost);

    /// <summary>The facts of <paramref name="events"/>, decided on <paramref name="before"/>.</summary>
    public static IReadOnlyList<MetricFact> Of(JourneyDefinition definition, JourneyState before, IEnumerable<JourneyEvent> events, Func<Channel, double> unitCost)
    {
        var dimensions = MetricDimensions.Of(definition, before);
        var facts = new List<MetricFact>();
        var sendsSoFar = before.Sends;
        var visits = before.Visits;
        foreach (var e in events)
        {
            if (e is StepEntered entered)
            {
                visits = visits.SetItem(entered.StepId, entered.Visit);
                continue;
            }

            if (e.Step is not { } stepId || definition.FindStep(stepId) is not SendStep step)
            {
                continue;
            }

            var sendKey = JourneyState.SendKeyFor(before.InstanceId, stepId, visits.GetValueOrDefault(stepId, 1));
            var at = dimensions with { Step = stepId, Channel = ChannelName(step.Channel) };
            var day = MetricFact.DayOf(e.At);
            switch (e)
            {
                case Sent:
                    sendsSoFar++;
                    facts.Add(new MetricFact(before.JourneyId, day, $"sent~{sendKey}", at,
                        new MetricCounters { Sent = 1, Cost = unitCost(step.Channel), Reached = sendsSoFar == 1 ? 1 : 0 }));
                    break;
                case SendSkipped or SendSuppressed:
                    facts.Add(new MetricFact(before.JourneyId, day, $"skipped~{sendKey}", at with { Reason = ReasonName(((INotSent)e).Reason) },
                        new MetricCounters { Skipped = 1 }));
                    break;
                case SendFailed:
                    facts.Add(new MetricFact(before.JourneyId, day, $"failed~{sendKey}", at, new MetricCounters { Failed = 1 }));
                    break;
            }
        }

        return facts;
    }

    /// <summary>A not-sent reason as reports group it: its code's name, <c>quietHours</c>.</summary>
    public static string ReasonName(NotSentReason reason)
    {
        var text = reason.ToString();
        return char.ToLowerInvariant(text[0]) + text[1..];
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
