using System.Collections.Concurrent;
using Microsoft.DurableTask;
using Reactivation.Core.Journeys;
using Reactivation.Infra.Orchestration;

namespace Reactivation.Functions.Tests.Journeys.Orchestration;

/// <summary>
/// The step activity's seam for orchestrator tests: records every decision it is given and answers each send by a script,
/// so a test sees exactly what the orchestration committed. The real activity is tested on Azurite.
/// </summary>
internal sealed class ScriptedStep(Func<SendCommand, int, SendResult> answer) : TaskActivity<JourneyStepInput, SendResult?>
{
    private readonly ConcurrentDictionary<string, int> _attempts = new(StringComparer.Ordinal);

    public ConcurrentQueue<JourneyStepInput> Decisions { get; } = new();

    public ConcurrentQueue<SendCommand> Sends { get; } = new();

    public override Task<SendResult?> RunAsync(TaskActivityContext context, JourneyStepInput input)
    {
        Decisions.Enqueue(input);
        if (input.Send is not { } send)
        {
            return Task.FromResult<SendResult?>(null);
        }

        Sends.Enqueue(send);
        var attempt = _attempts.AddOrUpdate(send.SendKey, 1, (_, n) => n + 1);
        return Task.FromResult<SendResult?>(answer(send, attempt));
    }
}
