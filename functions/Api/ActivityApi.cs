using Microsoft.DurableTask.Client;
using Reactivation.Infra.Journeys;
using Reactivation.Core.Activity;
using Reactivation.Infra.Ingestion;

namespace Reactivation.Functions.Api;

/// <summary><c>POST /api/activity</c>: a batch of up to 1,000 events, all or nothing.</summary>
public static class ActivityApi
{
    /// <summary>Validates the whole batch, then ingests it idempotently.</summary>
    public static async Task<IResult> PostAsync(
        HttpRequest request, DurableTaskClient client, ActivityIngestor ingestor, JourneyEvents journeys, ActivityValidationOptions options, TimeProvider clock, CancellationToken cancellationToken)
    {
        var (items, problems, bodyProblem) = await JsonBody.ReadListAsync<ActivityEventInput>(request, "events", cancellationToken).ConfigureAwait(false);
        if (bodyProblem is not null)
        {
            return bodyProblem;
        }

        var outcome = ActivityBatchValidator.Validate(items, clock.GetUtcNow(), options);
        var all = JsonBody.Merge(problems, outcome.Problems);
        if (all.Count > 0)
        {
            return Problems.Invalid($"{all.Count} problem(s) in a batch of {items.Count} event(s).", all);
        }

        var report = await ingestor.IngestAsync(outcome.Value!, cancellationToken).ConfigureAwait(false);

        // A login or purchase by a user in a journey ends it as reactivated; a complaint ends it at once. The events are
        // stored before this, so a retried request raises the same (deduplicated) journey events again. Only users whose
        // profile says a journey enrolled them have a membership to read.
        var raised = await journeys.RaiseFromActivityAsync(client, outcome.Value!, report.Enrolled, 16, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new ActivityAccepted(report.Accepted, report.Duplicates, report.Users, report.NewUsers, raised));
    }
}

/// <summary>What <c>POST /api/activity</c> took.</summary>
/// <param name="Accepted">Events stored now.</param>
/// <param name="Duplicates">Events already stored (same event id), taken again without effect.</param>
/// <param name="Users">Users the batch touched.</param>
/// <param name="NewUsers">Users seen for the first time.</param>
/// <param name="JourneyEvents">Events raised on running journeys (returns, complaints).</param>
public sealed record ActivityAccepted(int Accepted, int Duplicates, int Users, int NewUsers, int JourneyEvents);
