using System.Text.Json;
using Azure.Messaging;
using Azure.Messaging.EventGrid;
using Azure.Messaging.EventGrid.SystemEvents;
using Reactivation.Core.Activity;
using Reactivation.Core.Journeys;
using Reactivation.Core.Messaging;

namespace Reactivation.Functions.Api;

/// <summary>
/// Reads an Event Grid delivery in either schema, with Azure.Messaging.EventGrid's parsers and system event types: the
/// Event Grid schema (a JSON array) or CloudEvents 1.0 (structured mode, one event or a batch). The whole body is
/// checked before anything is returned, so a body with one bad event is refused whole and nothing of it is acted on.
/// </summary>
public static class AcsEventParser
{
    private const string CloudEventsMediaType = "application/cloudevents";

    /// <summary>Parses <paramref name="body"/>, sent with <paramref name="contentType"/>.</summary>
    public static AcsEventBatch Parse(BinaryData body, string? contentType)
    {
        JsonValueKind shape;
        bool cloudEvents;
        try
        {
            using var document = JsonDocument.Parse(body);
            shape = document.RootElement.ValueKind;
            cloudEvents = (contentType?.StartsWith(CloudEventsMediaType, StringComparison.OrdinalIgnoreCase) ?? false) || HasSpecVersion(document.RootElement);
        }
        catch (JsonException ex)
        {
            return AcsEventBatch.Invalid("", $"the body is not JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}): {ex.Message}");
        }

        if (shape is not (JsonValueKind.Array or JsonValueKind.Object))
        {
            return AcsEventBatch.Invalid("", $"expected an event or an array of events, found {shape.ToString().ToLowerInvariant()}");
        }

        IReadOnlyList<Envelope> events;
        try
        {
            events = cloudEvents
                ? CloudEvent.ParseMany(body).Select(e => new Envelope(e.Type, e.Time, e.TryGetSystemEventData(out var data) ? data : null)).ToList()
                : EventGridEvent.ParseMany(body).Select(e => new Envelope(e.EventType, e.EventTime, e.TryGetSystemEventData(out var data) ? data : null)).ToList();
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or InvalidOperationException or FormatException)
        {
            return AcsEventBatch.Invalid("", $"not a valid {(cloudEvents ? "CloudEvents 1.0" : "Event Grid schema")} body: {ex.Message}");
        }

        return Read(events);
    }

    private static AcsEventBatch Read(IReadOnlyList<Envelope> events)
    {
        string? validationCode = null;
        var reports = new List<DeliveryReport>();
        var inbound = new List<InboundSms>();
        var problems = new List<ValidationProblem>();
        var ignored = 0;
        for (var i = 0; i < events.Count; i++)
        {
            var (type, time, data) = events[i];
            var at = $"/{i}";
            switch (type)
            {
                case var t when Is(t, SystemEventNames.EventGridSubscriptionValidation):
                    validationCode = Require(data as SubscriptionValidationEventData, d => d.ValidationCode, at, "data/validationCode", problems);
                    break;
                case var t when Is(t, SystemEventNames.AcsSmsDeliveryReportReceived):
                    var sms = data as AcsSmsDeliveryReportReceivedEventData;
                    if (Require(sms, d => d.MessageId, at, "data/messageId", problems) is { } smsId
                        && Require(sms, d => d.DeliveryStatus, at, "data/deliveryStatus", problems) is { } smsStatus
                        && When(sms!.ReceivedTimestamp ?? time, at, "data/receivedTimestamp", problems) is { } smsAt)
                    {
                        reports.Add(new DeliveryReport(smsId, Channel.Sms, smsStatus, sms.DeliveryStatusDetails, smsAt));
                    }

                    break;
                case var t when Is(t, SystemEventNames.AcsEmailDeliveryReportReceived):
                    var email = data as AcsEmailDeliveryReportReceivedEventData;
                    if (Require(email, d => d.MessageId, at, "data/messageId", problems) is { } emailId
                        && Require(email, d => d.Status?.ToString(), at, "data/status", problems) is { } emailStatus
                        && When(email!.DeliveryAttemptTimestamp ?? time, at, "data/deliveryAttemptTimeStamp", problems) is { } emailAt)
                    {
                        reports.Add(new DeliveryReport(emailId, Channel.Email, emailStatus, email.DeliveryStatusDetails?.StatusMessage, emailAt));
                    }

                    break;
                case var t when Is(t, SystemEventNames.AcsSmsReceived):
                    var received = data as AcsSmsReceivedEventData;
                    if (Require(received, d => d.MessageId, at, "data/messageId", problems) is { } receivedId
                        && Require(received, d => d.From, at, "data/from", problems) is { } from
                        && Require(received, d => d.Message, at, "data/message", problems) is { } text
                        && When(received!.ReceivedTimestamp ?? time, at, "data/receivedTimestamp", problems) is { } receivedAt)
                    {
                        inbound.Add(new InboundSms(receivedId, from, received.To ?? "", text, receivedAt));
                    }

                    break;
                default:
                    ignored++;
                    break;
            }
        }

        return new AcsEventBatch(validationCode, reports, inbound, ignored, problems);
    }

    // A known type whose data the SDK could not read (wrong shape, a bad timestamp) is as unusable as a missing field.
    private static string? Require<T>(T? data, Func<T, string?> field, string at, string path, List<ValidationProblem> problems)
        where T : class
    {
        if (data is null)
        {
            problems.Add(new ValidationProblem($"{at}/data", "the event's data is missing or not of its type's shape"));
            return null;
        }

        var value = field(data);
        if (value is null)
        {
            problems.Add(new ValidationProblem($"{at}/{path}", $"{path.Split('/')[^1]} is required"));
        }

        return value;
    }

    private static DateTimeOffset? When(DateTimeOffset? value, string at, string path, List<ValidationProblem> problems)
    {
        if (value is null || value == default(DateTimeOffset))
        {
            problems.Add(new ValidationProblem($"{at}/{path}", "the event carries no time"));
            return null;
        }

        return value;
    }

    private static bool Is(string? type, string expected) => string.Equals(type, expected, StringComparison.OrdinalIgnoreCase);

    private static bool HasSpecVersion(JsonElement root) =>
        (root.ValueKind == JsonValueKind.Object ? root : root.ValueKind == JsonValueKind.Array && root.GetArrayLength() > 0 ? root[0] : default) is
            { ValueKind: JsonValueKind.Object } first && first.TryGetProperty("specversion", out _);

    private readonly record struct Envelope(string? Type, DateTimeOffset? Time, object? Data);
}
