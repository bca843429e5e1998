using Reactivation.Core.Measurement.Alerts;

namespace Reactivation.Infra.Measurement;

/// <summary>What one alert run did.</summary>
/// <param name="Raised">Every alert the figures raise, already recorded or not.</param>
/// <param name="New">Of them, the alerts recorded for the first time by this run.</param>
/// <param name="Attempts">Every POST this run made: new alerts and older ones still pending.</param>
public sealed record AlertRunResult(IReadOnlyList<Alert> Raised, IReadOnlyList<Alert> New, IReadOnlyList<AlertAttempt> Attempts)
{
    /// <summary>Ids of the alerts the webhook accepted in this run.</summary>
    public IReadOnlyList<string> Delivered => [.. Attempts.Where(a => a.Delivered).Select(a => a.AlertId)];

    /// <summary>The POSTs that failed in this run; their alerts stay pending.</summary>
    public IReadOnlyList<AlertAttempt> Failed => [.. Attempts.Where(a => !a.Delivered)];
}
