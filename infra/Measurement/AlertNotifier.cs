using System.Globalization;
using System.Text;
using System.Text.Json;
using Reactivation.Infra.Messaging;

namespace Reactivation.Infra.Measurement;

/// <summary>
/// POSTs pending alerts as JSON to <see cref="AlertOptions.WebhookUrl"/>, signed like the webhook channel:
/// <c>X-Reactivation-Signature: sha256=hex(HMAC-SHA256(secret, timestamp + "." + body))</c> with
/// <c>X-Reactivation-Timestamp</c> (unix seconds), and <c>Idempotency-Key</c> = the alert id.
/// </summary>
/// <remarks>
/// Only pending alerts are read, so a delivered alert is never POSTed again; a failed POST (an error status, a timeout, a
/// refused connection) is counted on the alert, which stays pending for the next run. Oldest first, so a backlog is
/// delivered in the order it was raised.
/// </remarks>
public sealed class AlertNotifier(HttpClient http, AlertOptions options, AlertLedger ledger, TimeProvider clock)
{
    /// <summary>The most pending alerts one run POSTs.</summary>
    public const int MaxPerRun = 100;

    /// <summary>POSTs every pending alert (none when no webhook is configured).</summary>
    /// <returns>One attempt per alert POSTed.</returns>
    public async Task<IReadOnlyList<AlertAttempt>> NotifyAsync(CancellationToken cancellationToken = default)
    {
        if (!options.Notifies)
        {
            return [];
        }

        var attempts = new List<AlertAttempt>();
        foreach (var record in (await ledger.PendingAsync(MaxPerRun, cancellationToken).ConfigureAwait(false)).Reverse())
        {
            var error = await PostAsync(record, cancellationToken).ConfigureAwait(false);
            if (error is null)
            {
                await ledger.MarkDeliveredAsync(record, clock.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await ledger.MarkFailedAsync(record, error, cancellationToken).ConfigureAwait(false);
            }

            attempts.Add(new AlertAttempt(record.Alert.Id, error is null, error));
        }

        return attempts;
    }

    /// <summary>The JSON body of an alert's POST.</summary>
    /// <remarks>Contract with the receivers: add fields, never rename or remove them.</remarks>
    public static string Body(AlertRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var alert = record.Alert;
        return JsonSerializer.Serialize(new
        {
            id = alert.Id,
            rule = alert.Rule,
            severity = alert.Severity.ToString(),
            subject = alert.Subject,
            period = new { from = alert.Period.From, to = alert.Period.To },
            observed = alert.Observed,
            threshold = alert.Threshold,
            message = alert.Message,
            raisedAt = record.RaisedAt,
        });
    }

    // Null when delivered, else why not.
    private async Task<string?> PostAsync(AlertRecord record, CancellationToken cancellationToken)
    {
        var body = Body(record);
        var timestamp = Messaging.WireClock.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, options.WebhookUrl) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", record.Alert.Id);
        request.Headers.Add(WebhookChannel.TimestampHeader, timestamp);
        request.Headers.Add(WebhookChannel.SignatureHeader, WebhookChannel.Sign(options.WebhookSecret, timestamp, body));
        try
        {
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            return response.IsSuccessStatusCode ? null : $"webhook answered {(int)response.StatusCode}";
        }
        catch (HttpRequestException ex)
        {
            return "webhook unreachable: " + ex.Message;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return "webhook timed out";
        }
    }
}
