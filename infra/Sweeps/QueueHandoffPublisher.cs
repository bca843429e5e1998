using System.Text.Json;
using Reactivation.Core.Sweeps;
using Reactivation.Infra.Storage;

namespace Reactivation.Infra.Sweeps;

/// <summary>Publishes hand-offs to the <c>enrollments</c> queue, one message each, with no expiry.</summary>
public sealed class QueueHandoffPublisher(StorageAccount account) : IHandoffPublisher
{
    /// <inheritdoc />
    public async Task PublishAsync(IReadOnlyList<EnrollmentHandoff> handoffs, CancellationToken cancellationToken = default)
    {
        if (handoffs.Count == 0)
        {
            return;
        }

        var queue = await account.QueueAsync(QueueNames.Enrollments, cancellationToken).ConfigureAwait(false);
        var options = new ParallelOptions { MaxDegreeOfParallelism = account.Options.Parallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(handoffs, options, async (handoff, ct) =>
            await queue.SendMessageAsync(JsonSerializer.Serialize(handoff, SweepJson.Options), timeToLive: TimeSpan.FromSeconds(-1), cancellationToken: ct)
                .ConfigureAwait(false)).ConfigureAwait(false);
    }
}
