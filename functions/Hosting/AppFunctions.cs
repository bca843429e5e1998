namespace Reactivation.Functions.Hosting;

/// <summary>The app's functions, as their <c>[Function]</c> attributes declare them, with their schedules resolved from settings.</summary>
public sealed class AppFunctions(IReadOnlyList<AppFunction> functions, AppSettings settings)
{
    /// <summary>Every function.</summary>
    public IReadOnlyList<AppFunction> All => functions;

    /// <summary>The HTTP functions.</summary>
    public IEnumerable<AppFunction> Http => functions.Where(f => f.Trigger == TriggerKind.Http);

    /// <summary>The queue functions.</summary>
    public IEnumerable<AppFunction> Queues => functions.Where(f => f.Trigger == TriggerKind.Queue);

    /// <summary>The timer functions.</summary>
    public IEnumerable<AppFunction> Timers => functions.Where(f => f.Trigger == TriggerKind.Timer);

    /// <summary>The NCRONTAB schedule a timer's <c>%Setting%</c> names, as this configuration sets it (or its default).</summary>
    /// <exception cref="InvalidOperationException">The schedule names a setting the app does not have.</exception>
    public string ScheduleOf(AppFunction timer) => ResolveSchedule(timer.Schedule!, settings);

    /// <summary>The NCRONTAB schedule <paramref name="declared"/> stands for: a <c>%Setting%</c> expression, or a literal schedule.</summary>
    /// <exception cref="InvalidOperationException">The expression names a setting the app does not have.</exception>
    public static string ResolveSchedule(string declared, AppSettings settings)
    {
        if (!declared.StartsWith('%') || !declared.EndsWith('%'))
        {
            return declared;
        }

        var setting = declared.Trim('%');
        return settings.Schedules.TryGetValue(setting, out var schedule)
            ? schedule
            : throw new InvalidOperationException($"the timer schedule '{declared}' names no setting the app has ({string.Join(", ", settings.Schedules.Keys)})");
    }
}
