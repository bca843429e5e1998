using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Reactivation.Functions.Api;
using Reactivation.Functions.Hosting;
using Reactivation.Functions.Hosting.OpenApi;
using Reactivation.Infra.Messaging;

namespace Reactivation.Functions.Triggers;

/// <summary>Event Grid deliveries from ACS: delivery reports and inbound SMS, with the Event Grid key the app checks.</summary>
public sealed class AcsFunctions(DeliveryReportHandler reports, InboundSmsHandler inbound)
{
    /// <summary>Handshakes (the CloudEvents one is an OPTIONS request), delivery reports and inbound SMS.</summary>
    [Function("AcsEvents")]
    [Access(FunctionAccess.EventGrid)]
    [RequestBody(typeof(System.Text.Json.Nodes.JsonNode), "application/json", "An Event Grid delivery: the Event Grid schema (an array of events), or CloudEvents 1.0 in structured mode (one event or a batch, also as `application/cloudevents+json` or `application/cloudevents-batch+json`).")]
    [Answers(StatusCodes.Status200OK, "OPTIONS: the CloudEvents handshake; the origin that asked is allowed (`WebHook-Allowed-Origin`, `WebHook-Allowed-Rate`), no body.")]
    [Answers(StatusCodes.Status200OK, "POST with the Event Grid schema's validation event: the validation code, as the handshake asks.", Body = typeof(AcsValidation))]
    [Answers(StatusCodes.Status200OK, "POST with delivery reports, inbound SMS or other events: what was recorded, taken and ignored.", Body = typeof(AcsDeliveryTaken))]
    [Answers(StatusCodes.Status400BadRequest, "OPTIONS without `WebHook-Request-Origin`, or a body that is not a valid delivery (not JSON, not either schema, an event of a known type missing its data); nothing of it was acted on, and Event Grid does not retry.")]
    public Task<IResult> AcsEvents([HttpTrigger(AuthorizationLevel.Anonymous, "options", "post", Route = "api/events/acs")] HttpRequest request,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        AcsEventsApi.HandleAsync(request.HttpContext, client, reports, inbound, cancellationToken);
}
