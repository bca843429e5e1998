using Azure;
using Azure.Data.Tables;
using Reactivation.Core.Journeys;
using Reactivation.Core.Policy;
using Reactivation.Infra.Storage;

namespace Reactivation.Infra.Policy;

/// <summary>
/// The marketing touches each user received across all journeys, and when they last answered (table <c>contactledger</c>,
/// one partition per user): what the frequency cap and fatigue count.
/// </summary>
/// <remarks>
/// A touch is written before the provider is called, keyed by the send key, so a crash and reconciliation cannot count
/// it twice and a concurrent send for the same user sees it. It is deleted again when the send did not go out.
/// </remarks>
public sealed class ContactLedger(StorageAccount account)
{
    private const string Table = "contactledger";
    private const string TouchPrefix = "touch~";
    private const string EngagedKey = "engaged";

    /// <summary>Records a marketing touch (idempotent by send key).</summary>
    public async Task RecordTouchAsync(string userId, string sendKey, Channel channel, string journeyId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var table = await account.TableAsync(Table, cancellationToken).ConfigureAwait(false);
        try
        {
            await table.AddEntityAsync(
                new TableEntity(userId, TouchPrefix + sendKey) { ["Channel"] = channel.ToString(), ["Journey"] = journeyId, ["At"] = at },
                cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // Already recorded by an earlier attempt of the same send; its time stands.
        }
    }

    /// <summary>Removes the touch of a send that did not go out.</summary>
    public async Task ForgetTouchAsync(string userId, string sendKey, CancellationToken cancellationToken)
    {
        var table = await account.TableAsync(Table, cancellationToken).ConfigureAwait(false);
        await table.DeleteEntityAsync(userId, TouchPrefix + sendKey, ETag.All, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Notes that the user answered (a click, a reply) at <paramref name="at"/>; an older answer never replaces a newer one.</summary>
    public async Task RecordEngagementAsync(string userId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var table = await account.TableAsync(Table, cancellationToken).ConfigureAwait(false);
        for (var attempt = 1; ; attempt++)
        {
            var existing = await table.GetEntityIfExistsAsync<TableEntity>(userId, EngagedKey, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (existing.HasValue && existing.Value!.GetDateTimeOffset("At") >= at)
            {
                return;
            }

            try
            {
                var row = new TableEntity(userId, EngagedKey) { ["At"] = at };
                if (existing.HasValue)
                {
                    await table.UpdateEntityAsync(row, existing.Value!.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await table.AddEntityAsync(row, cancellationToken).ConfigureAwait(false);
                }

                return;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412 && attempt < 10)
            {
                await Backoff.DelayAsync(attempt, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The user's touches since <paramref name="since"/> and their last answer.</summary>
    public async Task<(IReadOnlyList<ContactTouch> Touches, DateTimeOffset? EngagedAt)> ReadAsync(string userId, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var table = await account.TableAsync(Table, cancellationToken).ConfigureAwait(false);
        var touches = new List<ContactTouch>();
        DateTimeOffset? engagedAt = null;
        await foreach (var row in table.QueryAsync<TableEntity>(e => e.PartitionKey == userId, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var at = row.GetDateTimeOffset("At");
            if (row.RowKey == EngagedKey)
            {
                engagedAt = at;
            }
            else if (row.RowKey.StartsWith(TouchPrefix, StringComparison.Ordinal) && at >= since && Enum.TryParse<Channel>(row.GetString("Channel"), out var channel))
            {
                touches.Add(new ContactTouch(row.RowKey[TouchPrefix.Length..], channel, at!.Value));
            }
        }

        return (touches, engagedAt);
    }
}
