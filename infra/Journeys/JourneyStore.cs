using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Reactivation.Core.Journeys;
using Reactivation.Core.Measurement;
using Reactivation.Core.Messaging;
using Reactivation.Core.Sharding;
using Reactivation.Infra.Storage;

namespace Reactivation.Infra.Journeys;

/// <summary>
/// What the app keeps of journeys beside Durable's task hub, in the shard tables <c>journeys{shard}</c> (the user's
/// shard): per instance (one partition) its readable history and its send records, and per user the membership row
/// <c>(userId, "member")</c> that keeps one journey at a time, runs, cooldowns and measurement marks. User ids never
/// contain <c>~</c> and instance ids always do, so the two never collide.
/// </summary>
public sealed class JourneyStore(StorageAccount account)
{
    private const string MemberKey = "member";

    /// <summary>The user an instance id belongs to.</summary>
    /// <exception cref="FormatException">Not an instance id.</exception>
    public static string UserOf(string instanceId)
    {
        var parts = instanceId.Split('~');
        return parts.Length == 3 && parts[1].Length > 0 ? parts[1] : throw new FormatException($"'{instanceId}' is not an instance id (journey~user~run)");
    }

    /// <summary>True when <paramref name="instanceId"/> has the shape of an instance id.</summary>
    public static bool IsInstanceId(string instanceId) => instanceId.Split('~') is [{ Length: > 0 }, { Length: > 0 }, { Length: > 0 }];

    /// <summary>The table holding <paramref name="userId"/>'s instances and membership.</summary>
    public Task<TableClient> TableForUserAsync(string userId, CancellationToken cancellationToken) =>
        account.TableAsync($"journeys{ShardMap.ShardOf(userId, account.Options.ShardCount):D4}", cancellationToken);

    /// <summary>Every shard table.</summary>
    public Task<TableClient> ShardTableAsync(int shard, CancellationToken cancellationToken) => account.TableAsync($"journeys{shard:D4}", cancellationToken);

    /// <summary>
    /// Records that a decided send is about to be made: the send record is inserted the first time, with
    /// <paramref name="firstAttemptAt"/> as its <c>FirstSentAt</c>, and a later attempt, or the same attempt run again
    /// after a crash, only counts the attempt.
    /// </summary>
    /// <returns>
    /// The record's <c>FirstSentAt</c>: what every attempt of the send gives the provider as its first attempt's time
    /// (SMS repeatability refuses a repeat whose first-sent time differs). An attempt can run again for a decision made
    /// anew, at another time, when a worker died after scheduling it but before the decision was checkpointed.
    /// </returns>
    public async Task<DateTimeOffset> RecordSendIntentAsync(string instanceId, SendCommand send, DateTimeOffset firstAttemptAt, CancellationToken cancellationToken)
    {
        var table = await TableForUserAsync(UserOf(instanceId), cancellationToken).ConfigureAwait(false);
        try
        {
            await table.AddEntityAsync(InstanceRow.SendIntent(instanceId, send, firstAttemptAt), cancellationToken).ConfigureAwait(false);
            return firstAttemptAt;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            var recorded = await table.GetEntityAsync<TableEntity>(instanceId, InstanceRow.SendPrefix + send.SendKey, ["FirstSentAt"], cancellationToken).ConfigureAwait(false);
            await table.UpdateEntityAsync(InstanceRow.SendAttempt(instanceId, send), ETag.All, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
            return recorded.Value.GetDateTimeOffset("FirstSentAt") ?? firstAttemptAt;
        }
    }

    /// <summary>Records a send's answer on its record.</summary>
    public async Task RecordSendOutcomeAsync(string instanceId, string sendKey, SendResult result, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var table = await TableForUserAsync(UserOf(instanceId), cancellationToken).ConfigureAwait(false);
        await table.UpdateEntityAsync(InstanceRow.SendOutcome(instanceId, sendKey, result, now), ETag.All, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Merges a provider's delivery report onto the send record (<c>DeliveryStatus</c>, <c>DeliveryDetail</c>,
    /// <c>DeliveredAt</c>), unless what the record holds already wins (<see cref="DeliveryStatuses.Replaces"/>): a
    /// duplicate or an older report changes nothing.
    /// </summary>
    /// <returns>True when the record changed; false when it kept its status or no longer exists (purged).</returns>
    /// <remarks>
    /// Conditioned on the ETag read, so two reports racing for the same record are applied one after the other. The
    /// engine's own writes to the record touch other columns and are merges, so they and this never undo each other.
    /// </remarks>
    public async Task<bool> RecordDeliveryAsync(string instanceId, string sendKey, DeliveryReport report, CancellationToken cancellationToken)
    {
        var table = await TableForUserAsync(UserOf(instanceId), cancellationToken).ConfigureAwait(false);
        for (var attempt = 1; ; attempt++)
        {
            var row = await table.GetEntityIfExistsAsync<TableEntity>(instanceId, InstanceRow.SendPrefix + sendKey, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
            if (!row.HasValue)
            {
                return false;
            }

            var stored = row.Value!;
            if (!DeliveryStatuses.Replaces(stored.GetString("DeliveryStatus"), stored.GetDateTimeOffset("DeliveredAt"), report))
            {
                return false;
            }

            try
            {
                await table.UpdateEntityAsync(InstanceRow.SendDelivery(instanceId, sendKey, report), stored.ETag, TableUpdateMode.Merge, cancellationToken)
                    .ConfigureAwait(false);
                return true;
            }
            catch (RequestFailedException ex) when (ex.Status is 412 or 404 && attempt < 20)
            {
                await Backoff.DelayAsync(attempt, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Records one decision: the state it led to and its readable history (row <c>history~{sequence}</c>), in one
    /// transaction. Both are replaced with the same values when a step activity runs again after a crash.
    /// </summary>
    public async Task RecordDecisionAsync(JourneyState state, IReadOnlyList<HistoryEntry> lines, CancellationToken cancellationToken)
    {
        var table = await TableForUserAsync(state.UserId, cancellationToken).ConfigureAwait(false);
        List<TableTransactionAction> actions = [new(TableTransactionActionType.UpsertReplace, InstanceRow.StateEntity(state))];
        if (lines.Count > 0)
        {
            actions.Add(new(TableTransactionActionType.UpsertReplace, InstanceRow.HistoryEntity(state.InstanceId, state.Sequence, lines)));
        }

        await table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The state after the instance's latest recorded decision (one point read), or null when none is recorded (never started, or purged).</summary>
    public async Task<JourneyState?> GetStateAsync(string instanceId, CancellationToken cancellationToken)
    {
        var table = await TableForUserAsync(UserOf(instanceId), cancellationToken).ConfigureAwait(false);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(instanceId, InstanceRow.StateKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? InstanceRow.StateFrom(row.Value!) : null;
    }

    /// <summary>The instance's history, oldest first.</summary>
    public async Task<IReadOnlyList<HistoryEntry>> HistoryAsync(string instanceId, CancellationToken cancellationToken)
    {
        var table = await TableForUserAsync(UserOf(instanceId), cancellationToken).ConfigureAwait(false);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {instanceId} and RowKey ge {InstanceRow.HistoryPrefix} and RowKey lt {InstanceRow.HistoryPrefix + "\u007f"}");
        var entries = new List<HistoryEntry>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            entries.AddRange(InstanceRow.HistoryFrom(row));
        }

        return entries;
    }

    /// <summary>The instance's send records (key, status, attempts).</summary>
    public async Task<IReadOnlyList<TableEntity>> SendsAsync(string instanceId, CancellationToken cancellationToken)
    {
        var table = await TableForUserAsync(UserOf(instanceId), cancellationToken).ConfigureAwait(false);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {instanceId} and RowKey ge {InstanceRow.SendPrefix} and RowKey lt {InstanceRow.SendPrefix + "\u007f"}");
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>The send record of <paramref name="sendKey"/> (one point read), or null when there is none (never sent, or purged).</summary>
    public async Task<SendRecord?> GetSendAsync(string instanceId, string sendKey, CancellationToken cancellationToken)
    {
        var table = await TableForUserAsync(UserOf(instanceId), cancellationToken).ConfigureAwait(false);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(
            instanceId, InstanceRow.SendPrefix + sendKey, ["Channel", "Variant", "FirstSentAt", "AnsweredAt", "DeliveredAt"], cancellationToken).ConfigureAwait(false);
        if (!row.HasValue || !Enum.TryParse<Channel>(row.Value!.GetString("Channel"), out var channel))
        {
            return null;
        }

        var entity = row.Value;
        return new SendRecord(sendKey, channel, entity.GetString("Variant"), entity.GetDateTimeOffset("FirstSentAt"), entity.GetDateTimeOffset("AnsweredAt"),
            entity.GetDateTimeOffset("DeliveredAt"));
    }

    /// <summary>Deletes what this app keeps of an instance (its history and send records); false when it kept nothing.</summary>
    /// <remarks>The orchestration's own history is Durable's, purged through its client.</remarks>
    public async Task<bool> PurgeAsync(string instanceId, CancellationToken cancellationToken)
    {
        var table = await TableForUserAsync(UserOf(instanceId), cancellationToken).ConfigureAwait(false);
        var keys = new List<string>();
        await foreach (var row in table.QueryAsync<TableEntity>(e => e.PartitionKey == instanceId, select: ["RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            keys.Add(row.RowKey);
        }

        foreach (var chunk in keys.Chunk(100))
        {
            await table.SubmitTransactionAsync(chunk.Select(k => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(instanceId, k))), cancellationToken)
                .ConfigureAwait(false);
        }

        return keys.Count > 0;
    }

    /// <summary>The user's membership, its ETag (default for a user no journey has seen) and when it was last written.</summary>
    public async Task<(JourneyMembership Member, ETag ETag, DateTimeOffset? WrittenAt)> GetMemberAsync(string userId, CancellationToken cancellationToken)
    {
        var table = await TableForUserAsync(userId, cancellationToken).ConfigureAwait(false);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(userId, MemberKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!row.HasValue)
        {
            return (JourneyMembership.New(userId), default, null);
        }

        var entity = row.Value!;
        var lastHandoff = entity.GetString("LastHandoffDate");
        return (new JourneyMembership(
            userId,
            entity.GetString("ActiveInstanceId"),
            entity.GetInt32("Runs") ?? 0,
            entity.GetDateTimeOffset("LastEndedAt"),
            lastHandoff is null ? null : DateOnly.ParseExact(lastHandoff, "yyyy-MM-dd", CultureInfo.InvariantCulture))
        {
            LastInstanceId = entity.GetString("LastInstanceId"),
            Marks = new MeasurementMarks
            {
                ReturnedAt = entity.GetDateTimeOffset("ReturnedAt"),
                ReturnEventId = entity.GetString("ReturnEventId"),
                PurchasedAt = entity.GetDateTimeOffset("PurchasedAt"),
                PurchaseEventId = entity.GetString("PurchaseEventId"),
                RetainedAt = entity.GetDateTimeOffset("RetainedAt"),
                RetainedEventId = entity.GetString("RetainedEventId"),
            },
        }, entity.ETag, entity.Timestamp);
    }

    /// <summary>Saves a membership: inserted when <paramref name="etag"/> is default, else replaced conditioned on it.</summary>
    /// <exception cref="RequestFailedException">409 or 412 when someone else changed it first.</exception>
    public async Task SaveMemberAsync(JourneyMembership member, ETag etag, CancellationToken cancellationToken)
    {
        var table = await TableForUserAsync(member.UserId, cancellationToken).ConfigureAwait(false);
        var entity = new TableEntity(member.UserId, MemberKey)
        {
            ["ActiveInstanceId"] = member.ActiveInstanceId,
            ["Runs"] = member.Runs,
            ["LastEndedAt"] = member.LastEndedAt,
            ["LastHandoffDate"] = member.LastHandoffDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["LastInstanceId"] = member.LastInstanceId,
            ["ReturnedAt"] = member.Marks.ReturnedAt,
            ["ReturnEventId"] = member.Marks.ReturnEventId,
            ["PurchasedAt"] = member.Marks.PurchasedAt,
            ["PurchaseEventId"] = member.Marks.PurchaseEventId,
            ["RetainedAt"] = member.Marks.RetainedAt,
            ["RetainedEventId"] = member.Marks.RetainedEventId,
        };
        if (etag == default)
        {
            await table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await table.UpdateEntityAsync(entity, etag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Frees the user for new journeys once <paramref name="state"/> has ended (a no-op if they moved on already).</summary>
    public async Task ReleaseMemberAsync(JourneyState state, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var (member, etag, _) = await GetMemberAsync(state.UserId, cancellationToken).ConfigureAwait(false);
            if (member.ActiveInstanceId != state.InstanceId)
            {
                return;
            }

            try
            {
                await SaveMemberAsync(member with { ActiveInstanceId = null, LastEndedAt = state.CompletedAt ?? state.UpdatedAt }, etag, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412 && attempt < 20)
            {
                await Backoff.DelayAsync(attempt, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
