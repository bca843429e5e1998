using System.Reflection;

namespace Reactivation.Core.Tests.Measurement;

public sealed class MetricCountersTests
{
    private static readonly PropertyInfo[] Counters = typeof(MetricCounters).GetProperties(BindingFlags.Public | BindingFlags.Instance);

    /// <summary>Counters whose n-th field is <paramref name="scale"/> × (n + 1), so every field differs from every other.</summary>
    private static MetricCounters Distinct(int scale)
    {
        var counters = new MetricCounters();
        for (var i = 0; i < Counters.Length; i++)
        {
            var value = scale * (i + 1);
            Counters[i].SetValue(counters, Counters[i].PropertyType == typeof(long) ? (object)(long)value : (double)value);
        }

        return counters;
    }

    [Fact]
    public void Adding_counters_adds_every_field_and_no_field_into_another()
    {
        var sum = Distinct(1) + Distinct(100);

        Assert.Equal(19, Counters.Length);
        Assert.All(Counters, p => Assert.Equal(Convert.ToDouble(p.GetValue(Distinct(101))), Convert.ToDouble(p.GetValue(sum))));
    }

    [Fact]
    public void The_sum_of_no_counters_is_zero_and_of_several_is_their_total()
    {
        Assert.Equal(MetricCounters.Zero, MetricCounters.Sum([]));
        Assert.Equal(Distinct(6), MetricCounters.Sum([Distinct(1), Distinct(2), Distinct(3)]));
    }
}
