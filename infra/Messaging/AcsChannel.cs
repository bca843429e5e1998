using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Reactivation.Core.Journeys;
using Reactivation.Infra.Journeys;
using Reactivation.Infra.Links;

namespace Reactivation.Infra.Messaging;

/// <summary>
/// SMS and email through Azure Communication Services' REST API, signed with HMAC-SHA256. The journey's send key becomes
/// the SMS repeatability request id (with the first attempt's time) and the email Operation-Id, so a retried request never
/// becomes a second message. SMS and email only; <see cref="ChannelRouter"/> sends the rest elsewhere.
/// </summary>
/// <remarks>
/// Every send ACS accepts is recorded in the <see cref="DeliveryIndex"/> under the id its delivery report will carry
/// (the SMS message id, the email operation id) before the answer goes back to the journey, so the report finds its send.
/// </remarks>
public sealed class AcsChannel(
    AcsHttp http, AcsOptions options, MessageRenderer renderer, ContactBlocks blocks, DeliveryIndex deliveries, LinkMinter links, TimeProvider clock)
    : IMessageChannel
{
    /// <summary>The SMS API version used.</summary>
    public const string SmsApiVersion = "2021-03-07";

    /// <summary>The email API version used.</summary>
    public const string EmailApiVersion = "2023-03-31";

    /// <summary>The longest wait between two polls of an email operation.</summary>
    public static readonly TimeSpan MaxPollInterval = TimeSpan.FromSeconds(5);

    /// <inheritdoc />
    public async Task<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        if (message.Channel is not (Channel.Sms or Channel.Email))
        {
            return SendResult.Permanent($"ACS does not carry {message.Channel} messages", code: NotSentReason.SendError);
        }

        var (rendered, skip) = await renderer.RenderAsync(message, cancellationToken).ConfigureAwait(false);
        if (rendered is null)
        {
            return SendResult.Skipped(NotSentReason.NoContactPoint, skip!);
        }

        var blocked = message.Blocks is { } read
            ? Policy.ContactBlock.ReasonIn(read, message.Channel, rendered.Recipient)
            : await blocks.ReasonAsync(message.UserId, message.Channel, rendered.Recipient, cancellationToken).ConfigureAwait(false);
        if (blocked is not null)
        {
            return SendResult.Skipped(NotSentReason.ContactPointBlocked, $"the {message.Channel.ToString().ToLowerInvariant()} contact point is marked unusable: {blocked}");
        }

        var result = message.Channel == Channel.Sms
            ? await SendSmsAsync(message, rendered, cancellationToken).ConfigureAwait(false)
            : await SendEmailAsync(message, rendered, cancellationToken).ConfigureAwait(false);
        if (result.Status == SendStatus.PermanentFailure && result.RecipientRefused)
        {
            // The provider refused this address for good: no journey should try it again.
            await blocks.BlockAsync(message.UserId, message.Channel, rendered.Recipient, result.Detail ?? "refused", cancellationToken).ConfigureAwait(false);
        }

        return result;
    }

    private async Task<SendResult> SendSmsAsync(OutboundMessage message, RenderedMessage rendered, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["from"] = options.SmsFrom,
            ["smsRecipients"] = new JsonArray(new JsonObject
            {
                ["to"] = rendered.Recipient,
                ["repeatabilityRequestId"] = DeterministicGuid.From(message.SendKey).ToString(),
                ["repeatabilityFirstSent"] = message.FirstAttemptAt.UtcDateTime.ToString("r", CultureInfo.InvariantCulture),
            }),
            ["message"] = rendered.Body,
            ["smsSendOptions"] = new JsonObject { ["enableDeliveryReport"] = true, ["tag"] = message.SendKey },
        };
        using var response = await http.SendAsync(HttpMethod.Post, $"/sms?api-version={SmsApiVersion}", body.ToJsonString(), null, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            return await FailureAsync(response, cancellationToken).ConfigureAwait(false);
        }

        // A 202 says the request was taken, not that the recipient was: each recipient has its own result.
        var results = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken).ConfigureAwait(false);
        var result = results.GetProperty("value").EnumerateArray().FirstOrDefault();
        if (result.ValueKind != JsonValueKind.Object)
        {
            return SendResult.Transient("the SMS response listed no recipient");
        }

        if (result.TryGetProperty("successful", out var ok) && ok.GetBoolean())
        {
            var messageId = result.TryGetProperty("messageId", out var id) ? id.GetString() : null;
            if (messageId is not null)
            {
                await RecordDeliveryAsync(messageId, message, rendered, cancellationToken).ConfigureAwait(false);
            }

            return SendResult.Sent(messageId);
        }

        var status = result.TryGetProperty("httpStatusCode", out var code) ? code.GetInt32() : 500;
        var error = result.TryGetProperty("errorMessage", out var text) ? text.GetString() : null;
        return status is 429 or >= 500
            ? SendResult.Transient($"SMS recipient answered {status}: {error}")
            : SendResult.Permanent($"SMS recipient answered {status}: {error}", recipientRefused: true);
    }

    private async Task<SendResult> SendEmailAsync(OutboundMessage message, RenderedMessage rendered, CancellationToken cancellationToken)
    {
        var operationId = DeterministicGuid.From(message.SendKey).ToString();
        var body = new JsonObject
        {
            ["senderAddress"] = options.EmailSender,
            ["recipients"] = new JsonObject { ["to"] = new JsonArray(new JsonObject { ["address"] = rendered.Recipient }) },
            ["content"] = new JsonObject { ["subject"] = rendered.Subject ?? "", ["plainText"] = rendered.Body },
            ["headers"] = new JsonObject
            {
                // A signed one-click link (RFC 8058): the mail client POSTs to it, no page or cookie involved.
                ["List-Unsubscribe"] = $"<{links.UnsubscribeUrl(message.SendKey)}>",
                ["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click",
            },
            ["userEngagementTrackingDisabled"] = true,
        };
        using var response = await http.SendAsync(HttpMethod.Post, $"/emails:send?api-version={EmailApiVersion}", body.ToJsonString(),
            new Dictionary<string, string> { ["Operation-Id"] = operationId }, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            return await FailureAsync(response, cancellationToken).ConfigureAwait(false);
        }

        // Recorded at acceptance, not after the poll: the delivery report can arrive while the operation still runs.
        await RecordDeliveryAsync(operationId, message, rendered, cancellationToken).ConfigureAwait(false);
        return await PollAsync(operationId, AcsHttp.RetryAfter(response), cancellationToken).ConfigureAwait(false);
    }

    private Task RecordDeliveryAsync(string providerMessageId, OutboundMessage message, RenderedMessage rendered, CancellationToken cancellationToken) =>
        deliveries.RecordAsync(
            new DeliveryIndexEntry(providerMessageId, message.InstanceId, message.SendKey, message.UserId, message.Channel, rendered.Recipient), cancellationToken);

    // Follows the email operation to its final state; one still running at the deadline is a transient failure whose
    // retry (same Operation-Id) only looks again.
    private async Task<SendResult> PollAsync(string operationId, TimeSpan? firstWait, CancellationToken cancellationToken)
    {
        var deadline = clock.GetUtcNow() + options.EmailPollTimeout;
        var wait = firstWait ?? TimeSpan.Zero;
        while (true)
        {
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait > MaxPollInterval ? MaxPollInterval : wait, clock, cancellationToken).ConfigureAwait(false);
            }

            using var response = await http.SendAsync(HttpMethod.Get, $"/emails/operations/{operationId}?api-version={EmailApiVersion}", null, null, cancellationToken)
                .ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return await FailureAsync(response, cancellationToken).ConfigureAwait(false);
            }

            var status = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken).ConfigureAwait(false);
            switch (status.GetProperty("status").GetString())
            {
                case "Succeeded":
                    return SendResult.Sent(operationId);
                case "Failed" or "Canceled":
                    var error = status.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.Object
                        ? $"{e.GetProperty("code").GetString()}: {e.GetProperty("message").GetString()}"
                        : "the email operation failed";
                    return SendResult.Permanent(error, recipientRefused: true);
            }

            if (clock.GetUtcNow() >= deadline)
            {
                return SendResult.Transient($"email operation {operationId} still running after {options.EmailPollTimeout.TotalSeconds:0} s");
            }

            wait = AcsHttp.RetryAfter(response) ?? TimeSpan.FromSeconds(1);
        }
    }

    private static async Task<SendResult> FailureAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var detail = $"ACS answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)}";
        var retryAfter = AcsHttp.RetryAfter(response);
        if (retryAfter is { } after)
        {
            detail += $" (retry after {after.TotalSeconds:0} s)";
        }

        // Throttling, outages and authentication (a key being rotated) can heal; a request the service rejects cannot.
        return response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.RequestTimeout
            || (int)response.StatusCode >= 500
            ? SendResult.Transient(detail, retryAfter)
            : SendResult.Permanent(detail);
    }
}
