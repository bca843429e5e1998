using Reactivation.Core.Measurement.Alerts;

namespace Reactivation.Infra.Measurement;

/// <summary>One alert run: judge the figures, record the alerts not seen before, POST whatever is still pending.</summary>
/// <remarks>
/// Safe to repeat: an alert raised again is not recorded twice (its id is its rule, subject and period), and only pending
/// alerts are POSTed, so a run after a crash or a failed POST delivers what is missing and nothing twice.
/// </remarks>
public sealed class AlertRun(AlertOptions options, AlertLedger ledger, AlertNotifier notifier)
{
    /// <summary>Evaluates <paramref name="inputs"/> as of <paramref name="asOf"/>, records the new alerts and notifies.</summary>
    /// <param name="inputs">The figures, read from the metrics roll-ups by the caller.</param>
    /// <param name="asOf">The evaluation time: it decides which weeks are complete and is stored as a new alert's raise time.</param>
    /// <param name="cancellationToken">Cancels the run; what is recorded stays recorded.</param>
    public async Task<AlertRunResult> RunAsync(AlertInputs inputs, DateTimeOffset asOf, CancellationToken cancellationToken = default)
    {
        var raised = AlertEvaluator.Evaluate(inputs, options, asOf);
        var fresh = new List<Alert>();
        foreach (var alert in raised)
        {
            if (await ledger.RecordAsync(alert, asOf, cancellationToken).ConfigureAwait(false))
            {
                fresh.Add(alert);
            }
        }

        var attempts = await notifier.NotifyAsync(cancellationToken).ConfigureAwait(false);
        return new AlertRunResult(raised, fresh, attempts);
    }
}
