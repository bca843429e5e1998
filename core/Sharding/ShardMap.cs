using System.Text;

namespace Reactivation.Core.Sharding;

/// <summary>Spreads users over a fixed number of shards by a stable hash of the user id.</summary>
/// <remarks>The shard count is fixed for the life of a deployment: changing it moves users between shards.</remarks>
public static class ShardMap
{
    /// <summary>The largest shard count supported.</summary>
    public const int MaxShards = 1024;

    /// <summary>The shard of <paramref name="userId"/> among <paramref name="shardCount"/>.</summary>
    public static int ShardOf(string userId, int shardCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(shardCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(shardCount, MaxShards);
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(userId))
        {
            hash ^= b;
            hash *= 16777619u;
        }

        return (int)(hash % (uint)shardCount);
    }
}
