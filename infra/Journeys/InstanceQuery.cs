using Reactivation.Core.Journeys;

namespace Reactivation.Infra.Journeys;

/// <summary>A filter over instances, as the list and purge endpoints take it (every field optional).</summary>
/// <param name="JourneyId">Only this journey.</param>
/// <param name="Statuses">Only these runtime statuses.</param>
/// <param name="CreatedFrom">Created at or after.</param>
/// <param name="CreatedTo">Created before.</param>
public sealed record InstanceQuery(string? JourneyId, IReadOnlyList<InstanceStatus>? Statuses, DateTimeOffset? CreatedFrom, DateTimeOffset? CreatedTo);
