namespace Reactivation.Core.Measurement.Alerts;

public static partial class AlertEvaluator
{
    private static IEnumerable<Alert> SendFailures(IReadOnlyList<SendHealth> sends, AlertThresholds thresholds, AlertPeriod window)
    {
        // The total first, then the channels by name.
        foreach (var channel in sends.GroupBy(s => s.Channel.ToLowerInvariant())
            .OrderBy(g => g.Key == SendHealth.AllChannels ? 0 : 1).ThenBy(g => g.Key, StringComparer.Ordinal))
        {
            var (sent, failed) = (channel.Sum(s => s.Sent), channel.Sum(s => s.Failed));
            if (sent < thresholds.MinSendsForFailureRate)
            {
                continue;
            }

            var rate = (double)failed / sent;
            if (rate <= thresholds.MaxFailureRate)
            {
                continue;
            }

            var scope = channel.Key == SendHealth.AllChannels ? "All channels" : $"Channel '{channel.Key}'";
            yield return new Alert(
                AlertRules.SendFailureRate,
                AlertSeverity.Critical,
                AlertRules.ChannelSubject(channel.Key),
                window,
                rate,
                thresholds.MaxFailureRate,
                $"{scope}: {failed} of {sent} sends failed ({Percent(rate)}) over {window}, above {Percent(thresholds.MaxFailureRate)}; check the provider and the contact data.");
        }
    }
}
