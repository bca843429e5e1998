using Azure;
using Azure.Data.Tables;
using Reactivation.Core.Journeys;
using Reactivation.Infra.Ingestion;
using Reactivation.Infra.Storage;

namespace Reactivation.Infra.Journeys;

/// <summary>
/// The local channel: renders the message and records it in the <c>outbox</c> table instead of sending it. Keyed by the
/// send key, so a repeated send is recognised and recorded once, exactly as a real provider's idempotency key behaves.
/// </summary>
public sealed class OutboxChannel(StorageAccount account, ProfileWriter profiles, TemplateCatalogue templates, TimeProvider clock) : IMessageChannel
{
    /// <summary>The outbox table's name.</summary>
    public const string Table = "outbox";

    /// <inheritdoc />
    public async Task<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        var profile = await profiles.GetAsync(message.UserId, cancellationToken).ConfigureAwait(false);
        var recipient = message.Channel switch
        {
            Channel.Sms => profile?.Contact.Phone,
            Channel.Email => profile?.Contact.Email,
            _ => "webhook",
        };
        if (recipient is null)
        {
            return SendResult.Skipped(message.Channel == Channel.Sms ? "the profile has no phone number" : "the profile has no email address");
        }

        var (locale, subject, body) = templates.Render(message.Template, profile?.Contact.Locale, new Dictionary<string, string?>
        {
            ["user.id"] = message.UserId,
            ["user.locale"] = profile?.Contact.Locale,
            ["offer"] = message.Offer,
            ["journey.id"] = message.JourneyId,
            ["journey.instance"] = message.InstanceId,
            ["journey.step"] = message.StepId,
            ["variant"] = message.Variant,
        });
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
