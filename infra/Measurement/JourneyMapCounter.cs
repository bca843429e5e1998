using Microsoft.DurableTask.Client;
using Reactivation.Core.Journeys;
using Reactivation.Core.Measurement;
using Reactivation.Infra.Journeys;
using Reactivation.Infra.Orchestration;

namespace Reactivation.Infra.Measurement;

/// <summary>The live counts of one step of a journey map.</summary>
/// <param name="StepId">The step.</param>
/// <param name="Entered">Instances that have entered it at least once (every arm, holdout included).</param>
/// <param name="Sent">Messages the channel accepted at it (from the metrics table).</param>
/// <param name="Failed">Sends that failed for good at it.</param>
/// <param name="Skipped">Messages not sent at it, by reason.</param>
/// <param name="WaitingNow">Running or suspended instances standing at it now.</param>
/// <param name="Exited">Instances that ended at it, by outcome.</param>
public sealed record StepCounts(
    string StepId, long Entered, long Sent, long Failed, IReadOnlyDictionary<string, long> Skipped, long WaitingNow, IReadOnlyDictionary<string, long> Exited)
{
    /// <summary>All the messages not sent at the step.</summary>
    public long SkippedTotal => Skipped.Values.Sum();

    /// <summary>All the instances that ended at the step.</summary>
    public long ExitedTotal => Exited.Values.Sum();

    /// <summary>A step nothing has reached.</summary>
    public static StepCounts None(string stepId) => new(stepId, 0, 0, 0, new Dictionary<string, long>(), 0, new Dictionary<string, long>());
}

/// <summary>The live counts of a journey version's map: per step, and the holdout and control share beside it.</summary>
/// <param name="Instances">Instances of the version (every arm).</param>
/// <param name="HeldOut">Of them, in the global holdout (nothing sent; they record what would have been).</param>
/// <param name="Control">Of them, in the journey's own control share.</param>
/// <param name="HoldoutPercent">The global holdout's configured share.</param>
/// <param name="ControlPercent">The journey's configured control share.</param>
/// <param name="Steps">The counts by step id (every step of the definition has one).</param>
public sealed record JourneyMapCounts(long Instances, long HeldOut, long Control, double HoldoutPercent, double ControlPercent, IReadOnlyDictionary<string, StepCounts> Steps)
{
    /// <summary>The counts of <paramref name="stepId"/>.</summary>
    public StepCounts Of(string stepId) => Steps.GetValueOrDefault(stepId) ?? StepCounts.None(stepId);
}

/// <summary>
/// Counts a journey map from what the report already reads (the metrics table: sends, failures and skips by reason, per
/// step) and from Durable's instance listing (who entered each step, who waits at it now, who ended at it and how).
/// </summary>
public sealed class JourneyMapCounter(MetricsStore metrics)
{
    /// <summary>The counts of <paramref name="definition"/>'s version, reading its metric rows and listing its instances.</summary>
    public async Task<JourneyMapCounts> CountAsync(DurableTaskClient client, JourneyDefinition definition, double holdoutPercent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var rows = await metrics.ReadAsync(definition.Id, cancellationToken).ConfigureAwait(false);
        var instances = new List<JourneyInstance>();
        string? continuation = null;
        do
        {
            var (page, next) = await JourneyInstances.ListAsync(client, new InstanceQuery(definition.Id, null, null, null), 1000, continuation, cancellationToken)
                .ConfigureAwait(false);
            instances.AddRange(page);
            continuation = next;
        }
        while (continuation is not null);

        return Count(definition, rows, instances, holdoutPercent);
    }

    /// <summary>The counts of <paramref name="definition"/>'s version from its metric rows and instances (rows and instances of other versions are ignored).</summary>
    public static JourneyMapCounts Count(JourneyDefinition definition, IEnumerable<MetricRow> rows, IEnumerable<JourneyInstance> instances, double holdoutPercent)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var mine = instances.Where(i => i.State.JourneyId == definition.Id && i.State.Version == definition.Version).ToList();
        var stepRows = rows.Where(r => r.JourneyId == definition.Id && r.Dimensions.Version == definition.Version && r.Dimensions.Step.Length > 0).ToList();
        var steps = new Dictionary<string, StepCounts>(StringComparer.Ordinal);
        foreach (var step in definition.Steps.DistinctBy(s => s.Id))
        {
            var at = stepRows.Where(r => r.Dimensions.Step == step.Id).ToList();
            var skipped = at.Where(r => r.Counters.Skipped > 0)
                .GroupBy(r => r.Dimensions.Reason.Length == 0 ? "unknown" : r.Dimensions.Reason, StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Sum(r => r.Counters.Skipped), StringComparer.Ordinal);
            var exited = mine.Where(i => i.IsTerminal && i.State.Step == step.Id)
                .GroupBy(i => OutcomeOf(i), StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => (long)g.Count(), StringComparer.Ordinal);
            steps[step.Id] = new StepCounts(
                step.Id,
                mine.Count(i => i.State.Visits.ContainsKey(step.Id)),
                at.Sum(r => r.Counters.Sent),
                at.Sum(r => r.Counters.Failed),
                skipped,
                mine.Count(i => !i.IsTerminal && i.State.Step == step.Id),
                exited);
        }

        return new JourneyMapCounts(
            mine.Count,
            mine.Count(i => i.State.HeldOut && !i.State.Control),
            mine.Count(i => i.State.Control),
            holdoutPercent,
            definition.Measurement.ControlPercent,
            steps);
    }

    private static string OutcomeOf(JourneyInstance instance)
    {
        var outcome = instance.Output?.Outcome ?? instance.State.Outcome;
        return outcome is { } o ? char.ToLowerInvariant(o.ToString()[0]) + o.ToString()[1..] : instance.Status.ToString().ToLowerInvariant();
    }
}
