using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Reactivation.Core.Journeys;
using Reactivation.Infra.Journeys;

namespace Reactivation.Infra.Messaging;

/// <summary>
/// Delivers webhook messages as a signed JSON POST. The receiver checks
/// <c>X-Reactivation-Signature: sha256=hex(HMAC-SHA256(secret, timestamp + "." + body))</c> against
/// <c>X-Reactivation-Timestamp</c> (unix seconds), and deduplicates on <c>Idempotency-Key</c> (the send key).
/// </summary>
public sealed class WebhookChannel(HttpClient http, WebhookOptions options, MessageRenderer renderer) : IMessageChannel
{
    /// <summary>The signature header.</summary>
    public const string SignatureHeader = "X-Reactivation-Signature";

    /// <summary>The timestamp header.</summary>
    public const string TimestampHeader = "X-Reactivation-Timestamp";

    /// <summary>The signature of <paramref name="body"/> sent at <paramref name="timestamp"/>.</summary>
    public static string Sign(string secret, string timestamp, string body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}")));

    /// <inheritdoc />
    public async Task<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        var (rendered, skip) = await renderer.RenderAsync(message, cancellationToken).ConfigureAwait(false);
        if (rendered is null)
        {
            return SendResult.Skipped(NotSentReason.NoContactPoint, skip!);
        }

        var body = JsonSerializer.Serialize(new
        {
            sendKey = message.SendKey,
            userId = message.UserId,
            journeyId = message.JourneyId,
            instanceId = message.InstanceId,
            step = message.StepId,
            template = message.Template,
            offer = message.Offer,
            variant = message.Variant,
            locale = rendered.Locale,
            subject = rendered.Subject,
            body = rendered.Body,
        });
        var timestamp = WireClock.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, options.Url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", message.SendKey);
        request.Headers.Add(TimestampHeader, timestamp);
        request.Headers.Add(SignatureHeader, Sign(options.Secret, timestamp, body));
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return SendResult.Sent(message.SendKey);
        }

        var detail = $"webhook answered {(int)response.StatusCode}";
        return response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout || (int)response.StatusCode >= 500
            ? SendResult.Transient(detail, AcsHttp.RetryAfter(response))
            : SendResult.Permanent(detail);
    }
}
