using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Reactivation.Core.Activity;
using Reactivation.Core.Links;
using Reactivation.Core.Tracking;
using Reactivation.Infra.Journeys;
using Reactivation.Infra.Links;
using Reactivation.Infra.Policy;
using Reactivation.Infra.Storage;

namespace Reactivation.Infra.Tracking;

/// <summary>
/// Credits returns (a login or purchase by a user with a running journey) to the last marketing touch within the
/// attribution window, one row per return (table <c>attributions</c>, PartitionKey = user id, RowKey = the activity's
/// event id), so measurement reads the credit instead of recomputing it.
/// </summary>
/// <remarks>
/// Storage contract: the columns (InstanceId, At, Kind, Attributed, LastSendKey, LastJourney, LastStep, LastVariant,
/// LastChannel, LastTouchAt, Touches as a JSON list of sendKey/channel/at) are read by measurement; add columns, never
/// rename them. Inserted once per event id, so a re-sent activity batch credits nothing twice.
/// </remarks>
public sealed class AttributionLedger(StorageAccount account, ContactLedger touches, JourneyStore store, SignedLinkOptions options)
{
    private const string Table = "attributions";

    /// <summary>Attributes <paramref name="activity"/> and stores the row (a repeat of the same event id keeps the first row).</summary>
    /// <param name="activity">The login or purchase.</param>
    /// <param name="instanceId">The running journey it ends.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The attribution.</returns>
    public async Task<ReturnAttribution> RecordAsync(ActivityEvent activity, string instanceId, CancellationToken cancellationToken)
    {
        var (recent, _) = await touches.ReadAsync(activity.UserId, activity.OccurredAt - options.AttributionWindow, cancellationToken).ConfigureAwait(false);
        var attribution = ReturnAttribution.Decide(recent, activity.OccurredAt, options.AttributionWindow);
        var last = attribution.LastTouch is { } touch ? SendKeyParts.TryParse(touch.SendKey) : null;
        var variant = last is null ? null : (await store.GetSendAsync(last.InstanceId, attribution.LastTouch!.SendKey, cancellationToken).ConfigureAwait(false))?.Variant;
        var row = new TableEntity(activity.UserId, activity.EventId)
        {
            ["InstanceId"] = instanceId,
            ["At"] = activity.OccurredAt,
            ["Kind"] = activity.Type.ToString(),
            ["Attributed"] = attribution.IsAttributed,
            ["LastSendKey"] = attribution.LastTouch?.SendKey,
            ["LastJourney"] = last?.JourneyId,
            ["LastStep"] = last?.StepId,
            ["LastVariant"] = variant,
            ["LastChannel"] = attribution.LastTouch?.Channel.ToString(),
            ["LastTouchAt"] = attribution.LastTouch?.At,
            ["Touches"] = JsonSerializer.Serialize(attribution.TouchesInWindow.Select(t => new { sendKey = t.SendKey, channel = t.Channel.ToString(), at = t.At })),
        };
        var table = await account.TableAsync(Table, cancellationToken).ConfigureAwait(false);
        try
        {
            await table.AddEntityAsync(row, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // The same return again (a re-sent batch): the first row stands.
        }

        return attribution;
    }

    /// <summary>The stored attribution row of <paramref name="eventId"/>, or null.</summary>
    public async Task<TableEntity?> GetAsync(string userId, string eventId, CancellationToken cancellationToken)
    {
        var table = await account.TableAsync(Table, cancellationToken).ConfigureAwait(false);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(userId, eventId, cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? row.Value : null;
    }
}
