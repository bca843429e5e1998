using Microsoft.AspNetCore.Http;
using Reactivation.Functions.Api;

namespace Reactivation.Functions.Tests.Api.Statuses;

// The handler answers both methods: OPTIONS is the CloudEvents handshake, POST a delivery (the Event Grid handshake included).
public sealed class AcsStatusCases : IStatusCases
{
    public IEnumerable<(string Operation, int Status, StatusCase Case)> Cases =>
    [
        ("AcsEvents", StatusCodes.Status200OK, (p, row, ct) => row.Method == "OPTIONS"
            ? HandshakeAsync(p, row, "eventgrid.azure.net", ct)
            : p.AuthorizedAsync(row, ApiProbe.Json(Validation(Guid.NewGuid().ToString())), ct)),
        ("AcsEvents", StatusCodes.Status400BadRequest, (p, row, ct) => row.Method == "OPTIONS"
            ? HandshakeAsync(p, row, null, ct)
            : p.AuthorizedAsync(row, ApiProbe.Json("""[{ "id": "1", "eventType": "Microsoft.Communication.SMSReceived", "subject": "", "data": null, "eventTime": "2026-11-22T08:00:00Z", "dataVersion": "1" }]"""), ct)),
    ];

    private static Task<HttpResponseMessage> HandshakeAsync(ApiProbe probe, ApiRow row, string? origin, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, row.Fill() + "?key=" + ApiProbe.EventGridKey);
        if (origin is not null)
        {
            request.Headers.Add(AcsEventsApi.RequestOriginHeader, origin);
        }

        return probe.Anonymous.SendAsync(request, cancellationToken);
    }

    private static string Validation(string code) => $$"""
        [{
          "id": "{{Guid.NewGuid()}}",
          "topic": "/subscriptions/00000000-0000-0000-0000-000000000000",
          "subject": "",
          "data": { "validationCode": "{{code}}" },
          "eventType": "Microsoft.EventGrid.SubscriptionValidationEvent",
          "eventTime": "2026-11-22T08:00:00Z",
          "metadataVersion": "1",
          "dataVersion": "1"
        }]
        """;
}
