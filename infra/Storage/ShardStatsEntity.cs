using System.Globalization;
using Azure.Data.Tables;
using Reactivation.Core.Sweeps;

namespace Reactivation.Infra.Storage;

/// <summary>The per-shard population totals row, kept in the shard's profile partition and written in the same transaction as the profiles.</summary>
/// <remarks>Storage contract: RowKey <c>~stats</c> (sorts after every user id, so sweeps skip it with <c>RowKey lt '~'</c>).</remarks>
public static class ShardStatsEntity
{
    /// <summary>The row key of the stats row.</summary>
    public const string RowKey = "~stats";

    /// <summary>Builds the row.</summary>
    public static TableEntity ToEntity(PopulationStats stats, int shard) => new(ProfileEntity.PartitionOf(shard), RowKey)
    {
        ["Users"] = stats.Users,
        ["Purchasers"] = stats.Purchasers,
        ["TotalSpend"] = stats.TotalSpend.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>Reads the row.</summary>
    public static PopulationStats FromEntity(TableEntity? e) => e is null
        ? default
        : new PopulationStats(e.GetInt64("Users") ?? 0, e.GetInt64("Purchasers") ?? 0,
            decimal.Parse(e.GetString("TotalSpend") ?? "0", CultureInfo.InvariantCulture));
}
