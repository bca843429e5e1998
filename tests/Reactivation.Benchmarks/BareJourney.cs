using Azure.Data.Tables;
using Microsoft.DurableTask;
using Microsoft.Extensions.Hosting;
using Reactivation.Core.Sharding;
using Reactivation.Infra.Storage;

namespace Reactivation.Benchmarks;

/// <summary>
/// The journey benchmark's raw baseline on Durable Task: the shape of the bench journey with no engine in it, with as
/// many activities and timers as the journey orchestration makes for it. The product calls its step activity once per
/// decision that changed something (the start and first send, the first send's answer and the wait, the wake and second
/// send, the second send's answer and the exit), each after a timer due at once that commits the decision first; the
/// wait is one durable timer of a second.
/// </summary>
public sealed class BareJourney : TaskOrchestrator<string?, int>
{
    /// <summary>The orchestrator's Durable name.</summary>
    public const string Name = "BareJourney";

    /// <inheritdoc />
    public override async Task<int> RunAsync(TaskOrchestrationContext context, string? input)
    {
        ArgumentNullException.ThrowIfNull(context);
        await StepAsync(context, 1);
        await StepAsync(context, 2);
        await context.CreateTimer(TimeSpan.FromSeconds(1), CancellationToken.None);
        await StepAsync(context, 3);
        await StepAsync(context, 4);
        return 4;
    }

    private static async Task StepAsync(TaskOrchestrationContext context, int sequence)
    {
        await context.CreateTimer(context.CurrentUtcDateTime, CancellationToken.None);
        await context.CallActivityAsync<bool>(BareStep.Name, new BareStepInput(context.InstanceId, sequence));
    }
}

/// <summary>What one bare step writes: the instance's row at that sequence.</summary>
/// <param name="InstanceId">The orchestration's instance id (the user's id as well).</param>
/// <param name="Sequence">The step's number.</param>
public sealed record BareStepInput(string InstanceId, int Sequence);

/// <summary>
/// The least a journey step writes: one upsert of the instance's row in its user's shard table, the table the product's
/// step writes its history to (under the baseline's own prefix).
/// </summary>
/// <param name="account">The baseline's storage account.</param>
/// <param name="lifetime">The host's lifetime: the step stops with it.</param>
/// <param name="done">Told after every step (the benchmark's sign that steps are being taken).</param>
public sealed class BareStep(StorageAccount account, IHostApplicationLifetime lifetime, Action done) : TaskActivity<BareStepInput, bool>
{
    /// <summary>The activity's Durable name.</summary>
    public const string Name = "BareStep";

    /// <inheritdoc />
    public override async Task<bool> RunAsync(TaskActivityContext context, BareStepInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var table = await account.TableAsync($"journeys{ShardMap.ShardOf(input.InstanceId, account.Options.ShardCount):D4}", lifetime.ApplicationStopping);
        await table.UpsertEntityAsync(
            new TableEntity(input.InstanceId, "_instance") { ["State"] = new string('x', 600), ["Sequence"] = input.Sequence },
            TableUpdateMode.Replace, lifetime.ApplicationStopping);
        done();
        return true;
    }
}
