using System.Globalization;
using System.Reflection;
using Azure.Data.Tables;
using Reactivation.Core.Measurement;

namespace Reactivation.Infra.Measurement;

/// <summary>
/// How facts and rows are stored: the dimensions as named columns and each counter as a column named after it, written
/// only when non-zero (a fact sets one or two), so a counter added later reads as zero on old rows.
/// </summary>
public static class MetricColumns
{
    private static readonly PropertyInfo[] Counters = typeof(MetricCounters).GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.CanWrite && (p.PropertyType == typeof(long) || p.PropertyType == typeof(double))).ToArray();

    /// <summary>Writes <paramref name="dimensions"/> and <paramref name="counters"/> into <paramref name="entity"/>.</summary>
    public static TableEntity Write(TableEntity entity, DateOnly day, MetricDimensions dimensions, MetricCounters counters)
    {
        entity["Day"] = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        entity["Version"] = dimensions.Version;
        entity["Arm"] = dimensions.Arm;
        entity["Step"] = dimensions.Step;
        entity["Channel"] = dimensions.Channel;
        entity["Band"] = dimensions.Band;
        entity["Tier"] = dimensions.Tier;
        entity["Cause"] = dimensions.Cause;
        entity["Reason"] = dimensions.Reason;
        foreach (var property in Counters)
        {
            var value = property.GetValue(counters)!;
            if (value is long l && l != 0)
            {
                entity[property.Name] = l;
            }
            else if (value is double d && d != 0)
            {
                entity[property.Name] = d;
            }
        }

        return entity;
    }

    /// <summary>The day of a stored fact or row.</summary>
    public static DateOnly DayOf(TableEntity entity) => DateOnly.ParseExact(entity.GetString("Day")!, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The dimensions of a stored fact or row.</summary>
    public static MetricDimensions DimensionsOf(TableEntity entity) => new(
        entity.GetInt32("Version") ?? 0, entity.GetString("Arm") ?? "", entity.GetString("Step") ?? "", entity.GetString("Channel") ?? "",
        entity.GetString("Band") ?? "", entity.GetString("Tier") ?? "", entity.GetString("Cause") ?? "", entity.GetString("Reason") ?? "");

    /// <summary>The counters of a stored fact or row.</summary>
    public static MetricCounters CountersOf(TableEntity entity)
    {
        object boxed = new MetricCounters();
        foreach (var property in Counters)
        {
            if (property.PropertyType == typeof(long) && entity.GetInt64(property.Name) is { } l)
            {
                property.SetValue(boxed, l);
            }
            else if (property.PropertyType == typeof(double) && entity.GetDouble(property.Name) is { } d)
            {
                property.SetValue(boxed, d);
            }
        }

        return (MetricCounters)boxed;
    }
}
