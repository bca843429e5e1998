using System.Globalization;

namespace Reactivation.Core.Measurement.Alerts;

/// <summary>A KPI that crossed its threshold in a period.</summary>
/// <param name="Rule">The rule that fired (<see cref="AlertRules"/>).</param>
/// <param name="Severity">How soon someone must look.</param>
/// <param name="Subject">What it is about: <c>journey:{id}</c> or <c>channel:{name}</c> (<see cref="AlertRules"/>).</param>
/// <param name="Period">The days the figures cover.</param>
/// <param name="Observed">The measured value (a rate from 0 to 1, or a cost per reactivation).</param>
/// <param name="Threshold">The value it crossed, in the same unit.</param>
/// <param name="Message">One readable sentence for whoever receives it.</param>
public sealed record Alert(string Rule, AlertSeverity Severity, string Subject, AlertPeriod Period, double Observed, double Threshold, string Message)
{
    /// <summary>The natural id: rule, subject and period, so evaluating the same period again names the same alert.</summary>
    /// <remarks>Storage contract: the alert ledger deduplicates on it and the webhook sends it as the idempotency key.</remarks>
    public string Id => string.Create(CultureInfo.InvariantCulture, $"{Rule}~{Subject}~{Period}");
}
