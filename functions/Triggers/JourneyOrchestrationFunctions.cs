using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Reactivation.Core.Journeys;
using Reactivation.Infra.Orchestration;

namespace Reactivation.Functions.Triggers;

/// <summary>
/// The journey orchestration for the Durable extension in Azure: one line each, calling the same orchestrator and
/// activity classes the local task hub runs.
/// </summary>
public sealed class JourneyOrchestrationFunctions(JourneyStepActivity step, JourneyClock clock)
{
    /// <summary>Runs one journey instance.</summary>
    [Function(JourneyTaskNames.Orchestrator)]
    public static Task<JourneyResult?> RunJourney([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new JourneyOrchestrator().RunAsync(context, context.GetInput<JourneyRun>()!);

    /// <summary>Records a decision's events and makes its send.</summary>
    [Function(JourneyTaskNames.Step)]
    public Task<SendResult?> JourneyStep([ActivityTrigger] JourneyStepInput input, CancellationToken cancellationToken) => step.RunAsync(input, cancellationToken);

    /// <summary>Reads the journey clock, for instances on simulated time.</summary>
    [Function(JourneyTaskNames.Clock)]
    public DateTimeOffset JourneyClock([ActivityTrigger] string? input) => clock.Now();
}
