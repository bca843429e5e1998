using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;
using Reactivation.Core.Activity;

namespace Reactivation.Infra.Storage;

/// <summary>Maps a raw <see cref="ActivityEvent"/> to and from its row in the shard's event table.</summary>
/// <remarks>Storage contract, version 1: PartitionKey = user id, RowKey = event id; first write wins.</remarks>
public static class ActivityEntity
{
    /// <summary>Builds the row.</summary>
    public static TableEntity ToEntity(ActivityEvent activity) => new(activity.UserId, activity.EventId)
    {
        ["Type"] = ActivityTypeNames.ToWireName(activity.Type),
        ["OccurredAt"] = activity.OccurredAt,
        ["Amount"] = activity.Amount?.ToString(CultureInfo.InvariantCulture),
        ["Currency"] = activity.Currency,
        ["OriginalAmount"] = activity.OriginalAmount?.ToString(CultureInfo.InvariantCulture),
        ["Properties"] = activity.Properties is null ? null : JsonSerializer.Serialize(activity.Properties),
    };

    /// <summary>Reads the row back.</summary>
    public static ActivityEvent FromEntity(TableEntity e)
    {
        ActivityTypeNames.TryParse(e.GetString("Type"), out var type);
        return new ActivityEvent(
            e.RowKey,
            e.PartitionKey,
            type,
            e.GetDateTimeOffset("OccurredAt") ?? DateTimeOffset.MinValue,
            ParseDecimal(e.GetString("Amount")),
            e.GetString("Currency"),
            ParseDecimal(e.GetString("OriginalAmount")),
            e.GetString("Properties") is { } json ? JsonSerializer.Deserialize<Dictionary<string, string>>(json) : null);
    }

    private static decimal? ParseDecimal(string? text) =>
        text is null ? null : decimal.Parse(text, CultureInfo.InvariantCulture);
}
