using Microsoft.DurableTask.Client;
using Microsoft.Azure.Functions.Worker;
using Reactivation.Functions.Api;
using Reactivation.Functions.Hosting;
using Reactivation.Infra.Messaging;

namespace Reactivation.Functions.Triggers;

/// <summary>Event Grid deliveries from ACS: delivery reports and inbound SMS, with the Event Grid key the app checks.</summary>
public sealed class AcsFunctions(DeliveryReportHandler reports, InboundSmsHandler inbound)
{
    /// <summary>Handshakes (the CloudEvents one is an OPTIONS request), delivery reports and inbound SMS.</summary>
    [Function("AcsEvents")]
    [Access(FunctionAccess.EventGrid)]
    public Task<IResult> AcsEvents([HttpTrigger(AuthorizationLevel.Anonymous, "options", "post", Route = "api/events/acs")] HttpRequest request,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        AcsEventsApi.HandleAsync(request.HttpContext, client, reports, inbound, cancellationToken);
}
