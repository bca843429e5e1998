using System.Globalization;

namespace Reactivation.Core.Measurement.Alerts;

/// <summary>Judges the KPI figures against the alert thresholds: pure, no clock, no I/O.</summary>
/// <remarks>
/// Every alert's id is its rule, subject and period (<see cref="Alert.Id"/>), so running the evaluation again over the same
/// figures, on the same day or later, names the same alerts and the ledger keeps one of each. Alerts come out in a fixed
/// order: activation by journey, then channel cost by channel, then send failures by channel.
/// </remarks>
public static partial class AlertEvaluator
{
    /// <summary>The alerts that <paramref name="inputs"/> raise under <paramref name="thresholds"/>, judged on the UTC day of <paramref name="asOf"/>.</summary>
    /// <exception cref="ArgumentException">The thresholds or an activation target are unusable, or a week does not start on a Monday.</exception>
    public static IReadOnlyList<Alert> Evaluate(AlertInputs inputs, AlertThresholds thresholds, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(thresholds);
        if (thresholds.Problems().FirstOrDefault() is { } problem)
        {
            throw new ArgumentException(problem, nameof(thresholds));
        }

        var today = DateOnly.FromDateTime(asOf.UtcDateTime);
        return
        [
            .. Activation(inputs, thresholds, today),
            .. ChannelCosts(inputs.ChannelCosts, thresholds, inputs.ChannelWindow ?? AlertPeriod.DaysBefore(today, 7)),
            .. SendFailures(inputs.Sends, thresholds, inputs.SendWindow ?? AlertPeriod.DaysBefore(today, 1)),
        ];
    }

    private static string Percent(double rate) => (rate * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private static string Amount(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
