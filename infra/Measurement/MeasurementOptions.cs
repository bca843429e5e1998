namespace Reactivation.Infra.Measurement;

/// <summary>How journeys are measured (configuration section <c>Measurement</c>).</summary>
public sealed record MeasurementOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Measurement";

    /// <summary>Days after enrollment within which a login or purchase counts as a return, in every arm alike.</summary>
    public TimeSpan ReturnWindow { get; init; } = TimeSpan.FromDays(30);

    /// <summary>
    /// Cost per message sent, by channel, in the reporting currency. Seeds: SMS ¥0.35; the webhook channel carries the
    /// dedicated customer-service task, ¥2.10. The seeds give no email price; 0.02 is our placeholder: set your own.
    /// </summary>
    public IReadOnlyDictionary<string, double> UnitCosts { get; init; } = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase)
    {
        ["sms"] = 0.35,
        ["email"] = 0.02,
        ["webhook"] = 2.10,
    };

    /// <summary>How often new facts are folded into the metrics table (NCRONTAB with seconds).</summary>
    public string RollupSchedule { get; init; } = "0 */10 * * * *";

    /// <summary>The daily measurement run: the final roll-up of the day before and the alert rules (NCRONTAB with seconds).</summary>
    public string DailySchedule { get; init; } = "0 30 3 * * *";

    /// <summary>The unit cost of <paramref name="channel"/> (0 when not configured).</summary>
    public double UnitCost(string channel) =>
        UnitCosts.TryGetValue(channel, out var cost) ? cost
        : UnitCosts.FirstOrDefault(c => string.Equals(c.Key, channel, StringComparison.OrdinalIgnoreCase)).Value;

    /// <summary>Every problem with these options.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (ReturnWindow < TimeSpan.FromDays(1) || ReturnWindow > TimeSpan.FromDays(365))
        {
            problems.Add($"Measurement:ReturnWindow must be 1 to 365 days (was {ReturnWindow})");
        }

        foreach (var (channel, cost) in UnitCosts)
        {
            if (cost < 0 || double.IsNaN(cost) || double.IsInfinity(cost))
            {
                problems.Add($"Measurement:UnitCosts:{channel} must be a cost of 0 or more (was {cost})");
            }
        }

        return problems;
    }
}
