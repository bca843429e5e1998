using Microsoft.DurableTask.Client;
using Reactivation.Core.Activity;
using Reactivation.Core.Messaging;
using Reactivation.Infra.Messaging;

namespace Reactivation.Functions.Api;

/// <summary>
/// <c>OPTIONS|POST /api/events/acs</c>: the Event Grid webhook for Communication Services. It answers both subscription
/// handshakes (the Event Grid schema's validation event, the CloudEvents OPTIONS request), records SMS and email delivery
/// reports on their send records, and acts on keywords in inbound SMS. Other event types are acknowledged and ignored.
/// </summary>
/// <remarks>
/// Every request, the handshakes included, must carry <c>Acs:EventGridKey</c> as <c>?key=</c> (in the subscription's
/// endpoint URL), checked by <see cref="Hosting.ApiKeys"/> before this runs; with no key configured the endpoint is closed. A body that is not a valid delivery gets a 400 problem, which Event Grid does not retry,
/// and nothing of it is acted on; a failure while acting answers 500, which it retries, and every action is idempotent.
/// </remarks>
public static class AcsEventsApi
{
    /// <summary>The CloudEvents webhook handshake's request header naming the sender.</summary>
    public const string RequestOriginHeader = "WebHook-Request-Origin";

    /// <summary>Handles a handshake or a delivery.</summary>
    public static async Task<IResult> HandleAsync(
        HttpContext http, DurableTaskClient client, DeliveryReportHandler reports, InboundSmsHandler inbound, CancellationToken cancellationToken)
    {
        if (HttpMethods.IsOptions(http.Request.Method))
        {
            return Handshake(http);
        }

        var batch = AcsEventParser.Parse(await BinaryData.FromStreamAsync(http.Request.Body, cancellationToken).ConfigureAwait(false), http.Request.ContentType);
        if (batch.Problems.Count > 0)
        {
            return Problems.Invalid($"{batch.Problems.Count} problem(s) in the event delivery.", batch.Problems);
        }

        return batch.ValidationCode is { } code
            ? Results.Json(new AcsValidation(code))
            : Results.Json(await ApplyAsync(batch, client, reports, inbound, cancellationToken).ConfigureAwait(false));
    }

    // The CloudEvents abuse-protection handshake: allow the origin that asked, at whatever rate it sends.
    private static IResult Handshake(HttpContext http)
    {
        if (http.Request.Headers[RequestOriginHeader].FirstOrDefault() is not { Length: > 0 } origin)
        {
            return Problems.Invalid("An OPTIONS request here is the CloudEvents webhook handshake.",
                [new ValidationProblem("/headers/WebHook-Request-Origin", $"{RequestOriginHeader} is required")]);
        }

        http.Response.Headers["WebHook-Allowed-Origin"] = origin;
        http.Response.Headers["WebHook-Allowed-Rate"] = "*";
        return Results.Ok();
    }

    private static async Task<AcsDeliveryTaken> ApplyAsync(AcsEventBatch batch, DurableTaskClient client, DeliveryReportHandler reports, InboundSmsHandler inbound, CancellationToken cancellationToken)
    {
        var outcomes = new List<DeliveryOutcome>(batch.Reports.Count);
        foreach (var report in batch.Reports)
        {
            outcomes.Add(await reports.HandleAsync(report, cancellationToken).ConfigureAwait(false));
        }

        var keywords = 0;
        foreach (var sms in batch.Inbound)
        {
            keywords += (await inbound.HandleAsync(client, sms, cancellationToken).ConfigureAwait(false)).Keyword == SmsKeyword.None ? 0 : 1;
        }

        return new AcsDeliveryTaken(
            outcomes.Count(o => o == DeliveryOutcome.Recorded),
            outcomes.Count(o => o == DeliveryOutcome.Unchanged),
            outcomes.Count(o => o == DeliveryOutcome.Unknown),
            batch.Inbound.Count,
            keywords,
            batch.Ignored);
    }
}

/// <summary>The Event Grid subscription handshake's answer.</summary>
/// <param name="ValidationResponse">The validation code Event Grid sent.</param>
public sealed record AcsValidation(string ValidationResponse);

/// <summary>What one Event Grid delivery did.</summary>
/// <param name="Recorded">Delivery reports recorded on their sends.</param>
/// <param name="Unchanged">Reports the send already had.</param>
/// <param name="Unknown">Reports for no send of ours.</param>
/// <param name="Inbound">Inbound SMS taken.</param>
/// <param name="Keywords">Inbound SMS that carried a keyword (STOP, START, HELP...).</param>
/// <param name="Ignored">Events of types not acted on.</param>
public sealed record AcsDeliveryTaken(int Recorded, int Unchanged, int Unknown, int Inbound, int Keywords, int Ignored);
