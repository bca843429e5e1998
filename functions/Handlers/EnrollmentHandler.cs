using System.Diagnostics;
using Microsoft.DurableTask.Client;
using System.Text.Json;
using Reactivation.Core.Sweeps;
using Reactivation.Functions.Hosting;
using Reactivation.Infra.Journeys;
using Reactivation.Infra.Sweeps;
using Reactivation.Infra.Telemetry;

namespace Reactivation.Functions.Handlers;

/// <summary>Consumes the sweep's hand-offs from <c>enrollments</c> and enrolls each user in the journey the entry rules pick.</summary>
public sealed class EnrollmentHandler(JourneyEnroller enroller, JourneyDefaults defaults)
{
    /// <summary>Handles one hand-off message, starting its orchestration through <paramref name="client"/>.</summary>
    /// <returns>A line for the invocation log.</returns>
    public async Task<string> HandleAsync(string message, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var handoff = JsonSerializer.Deserialize<EnrollmentHandoff>(message, SweepJson.Options) ?? throw new JsonException("the hand-off is empty");
        // The hand-off's trace goes on here: the orchestration's input takes this span's context, so its steps join it.
        using var span = ReactivationTelemetry.StartContinuing("enroll", ActivityKind.Consumer, handoff.TraceParent);
        span?.SetTag("reactivation.user.id", handoff.UserId).SetTag("reactivation.handoff.id", handoff.HandoffId);
        await defaults.EnsureInstalledAsync(cancellationToken).ConfigureAwait(false);
        var result = await enroller.EnrollAsync(client, handoff, cancellationToken).ConfigureAwait(false);
        span?.SetTag("reactivation.enrollment.started", result.Started).SetTag("reactivation.instance.id", result.InstanceId);
        return result.Started ? $"{handoff.HandoffId}: started {result.InstanceId} ({result.Reason})" : $"{handoff.HandoffId}: no new journey ({result.Reason})";
    }
}
