using Reactivation.Functions.Hosting;
using Reactivation.Infra.Journeys;

namespace Reactivation.Functions.Handlers;

/// <summary>The repair pass timer: wakes every overdue instance, so no journey is stranded by a lost message.</summary>
public sealed class JourneyRepairHandler(JourneyRepair repair) : ITimerHandler
{
    /// <inheritdoc />
    public async Task<string> HandleAsync(DateTimeOffset scheduledAt, CancellationToken cancellationToken)
    {
        var woken = await repair.RunAsync(cancellationToken).ConfigureAwait(false);
        return $"journey repair: {woken} overdue instances woken";
    }
}
