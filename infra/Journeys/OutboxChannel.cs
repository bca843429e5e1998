using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Reactivation.Core.Journeys;
using Reactivation.Infra.Storage;

namespace Reactivation.Infra.Journeys;

/// <summary>
/// The local channel: renders the message and records it in the <c>outbox</c> table instead of sending it. Keyed by the
/// send key, so a repeated send is recognised and recorded once, exactly as a real provider's idempotency key behaves.
/// </summary>
public sealed class OutboxChannel(StorageAccount account, MessageRenderer renderer, TimeProvider clock, ILogger<OutboxChannel> logger) : IMessageChannel
{
    /// <summary>The outbox table's name.</summary>
    public const string Table = "outbox";

    /// <inheritdoc />
    public async Task<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        var (rendered, skip) = await renderer.RenderAsync(message, cancellationToken).ConfigureAwait(false);
        if (rendered is null)
        {
            return SendResult.Skipped(NotSentReason.NoContactPoint, skip!);
        }

        var (recipient, locale, subject, body) = rendered;
        var table = await account.TableAsync(Table, cancellationToken).ConfigureAwait(false);
        var entity = new TableEntity(message.UserId, message.SendKey)
        {
            ["Channel"] = message.Channel.ToString(),
            ["Recipient"] = recipient,
            ["Locale"] = locale,
            ["Subject"] = subject,
            ["Body"] = body,
            ["Template"] = message.Template,
            ["Offer"] = message.Offer,
            ["JourneyId"] = message.JourneyId,
            ["InstanceId"] = message.InstanceId,
            ["StepId"] = message.StepId,
            ["Variant"] = message.Variant,
            ["SentAt"] = clock.GetUtcNow(),
        };
        try
        {
            await table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // Already in the outbox under this key: the earlier attempt went out; this one is the same message.
        }

        // Where it would have gone is what a developer watching the local host wants to see; the log masks the address.
        logger.LogInformation("outbox: {Channel} {Template} to {Recipient} ({SendKey})", message.Channel, message.Template, recipient, message.SendKey);

        return SendResult.Sent("outbox:" + message.SendKey);
    }

    /// <summary>Every message in the outbox (for the demo and tests; a table scan).</summary>
    public async Task<IReadOnlyList<TableEntity>> AllAsync(CancellationToken cancellationToken)
    {
        var table = await account.TableAsync(Table, cancellationToken).ConfigureAwait(false);
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            rows.Add(row);
        }

        return rows;
    }
}
