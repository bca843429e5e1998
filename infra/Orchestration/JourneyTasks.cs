using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;

namespace Reactivation.Infra.Orchestration;

/// <summary>The journey's orchestrator and activities under their Durable names, for a host that runs a worker itself (the local host, tests).</summary>
/// <remarks>In Azure the Functions host finds them through the <c>[OrchestrationTrigger]</c> and <c>[ActivityTrigger]</c> wrappers instead.</remarks>
public static class JourneyTasks
{
    /// <summary>Adds the orchestrator and its activities (the activities from the host's services) to <paramref name="tasks"/>.</summary>
    public static DurableTaskRegistry Register(DurableTaskRegistry tasks)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        return tasks
            .AddOrchestrator(JourneyTaskNames.Orchestrator, () => new JourneyOrchestrator())
            .AddActivity(JourneyTaskNames.Step, services => services.GetRequiredService<JourneyStepActivity>())
            .AddActivity(JourneyTaskNames.Clock, services => services.GetRequiredService<JourneyClock>());
    }
}
