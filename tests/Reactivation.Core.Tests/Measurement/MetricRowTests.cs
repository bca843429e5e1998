using static Reactivation.Core.Tests.Measurement.MeasurementKit;

namespace Reactivation.Core.Tests.Measurement;

public sealed class MetricRowTests
{
    private const string Journey = "winback";

    [Fact]
    public void Rolling_up_facts_sums_those_of_the_same_journey_day_and_dimensions_into_one_row_ordered_by_day()
    {
        var sms = new MetricDimensions(1, ArmNames.Treated, "hello", "sms", "Active", "Low", "None", "");
        var email = sms with { Step = "nudge", Channel = "email" };
        var facts = new[]
        {
            new MetricFact(Journey, Day0.AddDays(1), "sent~3", sms, new MetricCounters { Sent = 1, Cost = 0.25 }),
            new MetricFact(Journey, Day0, "sent~1", sms, new MetricCounters { Sent = 1, Cost = 0.25, Reached = 1 }),
            new MetricFact(Journey, Day0, "clicked~1", sms, new MetricCounters { Clicked = 1 }),
            new MetricFact(Journey, Day0, "sent~2", email, new MetricCounters { Sent = 1, Cost = 0.5 }),
            new MetricFact("other", Day0, "sent~4", sms, new MetricCounters { Sent = 1 }),
        };

        var rows = MetricRow.RollUp(facts);

        Assert.Equal(4, rows.Count);
        Assert.Equal([Day0, Day0, Day0, Day0.AddDays(1)], rows.Select(r => r.Day));
        Assert.Equal(
            new MetricCounters { Sent = 1, Cost = 0.25, Reached = 1, Clicked = 1 },
            Assert.Single(rows, r => r.JourneyId == Journey && r.Day == Day0 && r.Dimensions == sms).Counters);
        Assert.Equal(new MetricCounters { Sent = 1 }, Assert.Single(rows, r => r.JourneyId == "other").Counters);
        Assert.Equal(new MetricCounters { Sent = 1, Cost = 0.5 }, Assert.Single(rows, r => r.Dimensions == email).Counters);
    }
}
