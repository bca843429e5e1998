using Azure;
using Reactivation.Core.Sweeps;

namespace Reactivation.Infra.Sweeps;

/// <summary>How far one shard of a sweep has got; committed with each page of results.</summary>
/// <param name="NextPage">The page to scan next.</param>
/// <param name="ContinuationToken">Where the next page starts in the profile table, null at the start or when complete.</param>
/// <param name="Complete">Every page scanned.</param>
/// <param name="Counts">What the committed pages found.</param>
/// <param name="Population">Users, purchasers and spend over the committed pages, the basis of the next sweep's RFM mean.</param>
/// <param name="StartedAt">When the shard began.</param>
/// <param name="CompletedAt">When the shard finished.</param>
/// <param name="ETag">The row's ETag, for the next conditional write.</param>
public sealed record ShardCheckpoint(
    int NextPage, string? ContinuationToken, bool Complete, SweepCounts Counts, PopulationStats Population,
    DateTimeOffset StartedAt, DateTimeOffset? CompletedAt, ETag ETag);
