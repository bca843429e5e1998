using Microsoft.DurableTask;
using Reactivation.Core.Journeys;

namespace Reactivation.Infra.Orchestration;

/// <summary>
/// The journey clock for instances on simulated time: the app's <see cref="TimeProvider"/>, read in an activity so that
/// the orchestration records the value and replays alike. Production instances never call it: their time is the
/// orchestration's own.
/// </summary>
public sealed class JourneyClock(TimeProvider clock) : TaskActivity<object?, DateTimeOffset>
{
    /// <summary>The event name the time-lapse raises after moving the clock, to wake waiting instances on simulated time.</summary>
    public const string Tick = "clockTick";

    /// <summary>The tick numbered <paramref name="number"/> (ticks are numbered upwards; an instance reports the highest it took).</summary>
    public static InboundEvent TickEvent(long number, DateTimeOffset at) =>
        new(number.ToString(System.Globalization.CultureInfo.InvariantCulture), Tick, at, null);

    /// <summary>The number of a tick event; 0 for one that carries none.</summary>
    public static long TickNumber(InboundEvent tick) =>
        long.TryParse(tick.Id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number) ? number : 0;

    /// <inheritdoc />
    public override Task<DateTimeOffset> RunAsync(TaskActivityContext context, object? input) => Task.FromResult(Now());

    /// <summary>The journey clock's time: what both hosts return.</summary>
    public DateTimeOffset Now() => clock.GetUtcNow();
}
