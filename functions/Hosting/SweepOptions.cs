namespace Reactivation.Functions.Hosting;

/// <summary>When the daily sweep runs.</summary>
public sealed record SweepOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Sweep";

    /// <summary>Six-field NCRONTAB schedule in UTC; baked into function.json when the deployable folder is generated.</summary>
    /// <value>02:00 UTC every day: <c>0 0 2 * * *</c>.</value>
    public string Schedule { get; init; } = "0 0 2 * * *";

    /// <summary>Returns every problem, empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        try
        {
            SweepSchedule.Parse(Schedule);
            return [];
        }
        catch (Cronos.CronFormatException ex)
        {
            return [$"Sweep:Schedule '{Schedule}' is not a six-field NCRONTAB expression: {ex.Message}"];
        }
    }
}
