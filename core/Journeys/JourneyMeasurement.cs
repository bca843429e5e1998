namespace Reactivation.Core.Journeys;

/// <summary>
/// A journey's measurement settings (its <c>measurement</c> block). The global holdout applies to every journey; a
/// journey may add its own control share on top, drawn independently per journey, so one journey's experiment can get a
/// bigger baseline without withholding messages from every other journey's users.
/// </summary>
public sealed record JourneyMeasurement
{
    /// <summary>Percent of the journey's enrollments (0 to 50) held back as its own control: measured, never messaged.</summary>
    public double ControlPercent { get; init; }

    /// <summary>The relative lift the experiment must be able to detect (seeds: +15%); arms too small for it are flagged.</summary>
    public double MinimumDetectableLift { get; init; } = 0.15;

    /// <summary>The activation rate the journey aims for (seeds: 15%); alerts fire when it runs under 80% of it.</summary>
    public double ActivationTarget { get; init; } = 0.15;

    /// <summary>True when <paramref name="userId"/> falls in the journey's control share.</summary>
    public bool InControl(string userId, string journeyId) =>
        ControlPercent > 0 && StableHash.BasisPoints(userId, "control", journeyId) < (int)Math.Round(ControlPercent * 100);

    /// <summary>Each problem as a JSON location and a message.</summary>
    public IEnumerable<(string Location, string Message)> Validate()
    {
        if (ControlPercent is < 0 or > 50 || double.IsNaN(ControlPercent))
        {
            yield return ("$.measurement.controlPercent", $"must be between 0 and 50 (was {ControlPercent})");
        }

        if (MinimumDetectableLift is <= 0 or > 10 || double.IsNaN(MinimumDetectableLift))
        {
            yield return ("$.measurement.minimumDetectableLift", $"must be a relative lift above 0, e.g. 0.15 for +15% (was {MinimumDetectableLift})");
        }

        if (ActivationTarget is <= 0 or >= 1 || double.IsNaN(ActivationTarget))
        {
            yield return ("$.measurement.activationTarget", $"must be a rate strictly between 0 and 1 (was {ActivationTarget})");
        }
    }
}
