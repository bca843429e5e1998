using Reactivation.Core.Sweeps;

namespace Reactivation.Functions.Hosting;

/// <summary>When the daily sweep runs.</summary>
public sealed record SweepOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Sweep";

    /// <summary>Six-field NCRONTAB schedule in UTC; baked into function.json when the deployable folder is generated.</summary>
    /// <value>02:00 UTC every day: <c>0 0 2 * * *</c>.</value>
    public string Schedule { get; init; } = "0 0 2 * * *";

    /// <summary>Hand-offs released to enrollment per second across all shards once a run's burst is out.</summary>
    /// <value>100: a first sweep's 600,000 hand-offs reach the journeys over about 1 h 40 min.</value>
    public double EnrollmentRate { get; init; } = 100;

    /// <summary>Hand-offs released at once at the start of a run: a daily sweep's movers, well under the 20,000 starts that stall the task hub.</summary>
    public int EnrollmentBurst { get; init; } = 10_000;

    /// <summary>Hand-offs packed into one <c>enrollments</c> message (1 to 64).</summary>
    public int HandoffsPerMessage { get; init; } = HandoffPacing.MaxPerMessage;

    /// <summary>The pacing these settings describe.</summary>
    public HandoffPacing Pacing => new(EnrollmentRate, EnrollmentBurst, HandoffsPerMessage);

    /// <summary>Returns every problem, empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = Pacing.Validate(Section).ToList();
        try
        {
            SweepSchedule.Parse(Schedule);
        }
        catch (Cronos.CronFormatException ex)
        {
            problems.Add($"Sweep:Schedule '{Schedule}' is not a six-field NCRONTAB expression: {ex.Message}");
        }

        return problems;
    }
}
