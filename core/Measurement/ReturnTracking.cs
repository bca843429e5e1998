using Reactivation.Core.Activity;
using Reactivation.Core.Journeys;

namespace Reactivation.Core.Measurement;

/// <summary>
/// Counts what a measured user does after enrollment, the same way in every arm: the return (a login or purchase within
/// the return window), purchases and revenue in the window, and after the return its retention and spend.
/// </summary>
public static class ReturnTracking
{
    /// <summary>Days after a return within which a login or purchase on a later day means the user did not fall silent again.</summary>
    public const int RetentionDays = 30;

    private static readonly int[] SpendWindows = [30, 60, 90];

    /// <summary>The facts <paramref name="activity"/> adds and the marks after it.</summary>
    /// <param name="definition">The journey version of the measured instance.</param>
    /// <param name="state">The measured instance (running or ended).</param>
    /// <param name="marks">What was counted before.</param>
    /// <param name="activity">A login or purchase by the instance's user (other types count nothing).</param>
    /// <param name="window">The return window after enrollment.</param>
    /// <param name="lastTouch">The step and channel a return is attributed to, when a message was in the attribution window.</param>
    public static (MeasurementMarks Marks, IReadOnlyList<MetricFact> Facts) Apply(
        JourneyDefinition definition, JourneyState state, MeasurementMarks marks, ActivityEvent activity, TimeSpan window, (string Step, string Channel)? lastTouch)
    {
        var at = activity.OccurredAt;
        if (activity.Type is not (ActivityType.Login or ActivityType.Purchase) || at < state.CreatedAt)
        {
            return (marks, []);
        }

        var facts = new List<MetricFact>();
        var dimensions = MetricDimensions.Of(definition, state);
        var inWindow = at <= state.CreatedAt + window;
        var isReturnEvent = marks.ReturnEventId == activity.EventId;
        if (inWindow && (marks.ReturnedAt is null || isReturnEvent))
        {
            marks = marks with { ReturnedAt = marks.ReturnedAt ?? at, ReturnEventId = activity.EventId };
            var attributed = lastTouch is { } touch ? dimensions with { Step = touch.Step, Channel = touch.Channel } : dimensions;
            facts.Add(new MetricFact(state.JourneyId, MetricFact.DayOf(marks.ReturnedAt.Value), $"returned~{state.InstanceId}", attributed,
                new MetricCounters { Returned = 1, ReturnedAfterReach = state.Sends > 0 ? 1 : 0, SpendBefore30 = state.Context.SpendPer30Before }));
        }
        else if (marks.ReturnedAt is { } returnedAt && (marks.RetainedAt is null || marks.RetainedEventId == activity.EventId)
            && MetricFact.DayOf(at) > MetricFact.DayOf(returnedAt) && at - returnedAt <= TimeSpan.FromDays(RetentionDays))
        {
            marks = marks with { RetainedAt = marks.RetainedAt ?? at, RetainedEventId = activity.EventId };
            facts.Add(new MetricFact(state.JourneyId, MetricFact.DayOf(returnedAt), $"retained~{state.InstanceId}", dimensions, new MetricCounters { Retained30 = 1 }));
        }

        if (activity.Type != ActivityType.Purchase)
        {
            return (marks, facts);
        }

        var amount = (double)(activity.Amount ?? 0m);
        if (inWindow)
        {
            var first = marks.PurchasedAt is null || marks.PurchaseEventId == activity.EventId;
            if (first)
            {
                marks = marks with { PurchasedAt = marks.PurchasedAt ?? at, PurchaseEventId = activity.EventId };
            }

            facts.Add(new MetricFact(state.JourneyId, MetricFact.DayOf(at), $"purchase~{activity.EventId}", dimensions,
                new MetricCounters { Purchases = 1, Revenue = amount, Purchasers = first ? 1 : 0 }));
        }

        if (marks.ReturnedAt is { } returned && at >= returned && at - returned <= TimeSpan.FromDays(SpendWindows[^1]))
        {
            var days = (at - returned).TotalDays;
            facts.Add(new MetricFact(state.JourneyId, MetricFact.DayOf(returned), $"spend~{activity.EventId}", dimensions, new MetricCounters
            {
                SpendAfter30 = days <= 30 ? amount : 0,
                SpendAfter60 = days <= 60 ? amount : 0,
                SpendAfter90 = amount,
            }));
        }

        return (marks, facts);
    }
}
