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
/// Instances and memberships in the shard tables <c>journeys{shard}</c> (the user's shard). An instance is one partition;
/// a membership is the row <c>(userId, "member")</c>. User ids never contain <c>~</c> and instance ids always do, so the two never collide.
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

    /// <summary>Loads the instance row and its events in one range query, or null when there is no such instance.</summary>
    public async Task<LoadedInstance?> LoadAsync(string instanceId, CancellationToken cancellationToken)
    {
        var table = await TableForUserAsync(UserOf(instanceId), cancellationToken).ConfigureAwait(false);
        TableEntity? instance = null;
        var inbox = new List<InboundEvent>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {instanceId} and RowKey lt {InstanceRow.LoadUpperBound}");
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (row.RowKey == InstanceRow.InstanceKey)
            {
                instance = row;
            }
            else
            {
                inbox.Add(InstanceRow.EventFrom(row));
            }
        }

        return instance is null ? null : new LoadedInstance(InstanceRow.FromEntity(instance), instance.ETag, inbox);
    }

    /// <summary>The instance row alone (a point read), or null.</summary>
    public async Task<(JourneyState State, ETag ETag)?> GetAsync(string instanceId, CancellationToken cancellationToken)
    {
        var table = await TableForUserAsync(UserOf(instanceId), cancellationToken).ConfigureAwait(false);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(instanceId, InstanceRow.InstanceKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? (InstanceRow.FromEntity(row.Value!), row.Value!.ETag) : null;
    }

    /// <summary>Creates the instance with its first history row; false when it already exists.</summary>
    public async Task<bool> CreateAsync(JourneyState state, IReadOnlyList<HistoryEntry> history, CancellationToken cancellationToken)
    {
        var table = await TableForUserAsync(state.UserId, cancellationToken).ConfigureAwait(false);
        try
        {
            await table.SubmitTransactionAsync(
                [
                    new TableTransactionAction(TableTransactionActionType.Add, InstanceRow.ToEntity(state)),
                    new TableTransactionAction(TableTransactionActionType.Add, InstanceRow.HistoryEntity(state.InstanceId, state.Sequence, history)),
                ],
                cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    /// <summary>
    /// Commits a decision as one entity-group transaction conditioned on the ETag the step loaded: the instance row, its
    /// history row, the send record of any send it decides, and the outcome of the send it answers.
    /// </summary>
    /// <returns>The instance row's new ETag.</returns>
    /// <exception cref="RequestFailedException">412 (or 409) when another worker committed first: reload and decide again.</exception>
    public async Task<ETag> CommitAsync(
        LoadedInstance before, JourneyDecision decision, (string SendKey, SendResult Result)? answered, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var id = before.State.InstanceId;
        var actions = new List<TableTransactionAction>(4)
        {
            new(TableTransactionActionType.UpdateReplace, InstanceRow.ToEntity(decision.State), before.ETag),
            new(TableTransactionActionType.Add, InstanceRow.HistoryEntity(id, decision.State.Sequence, decision.History)),
        };
        if (answered is { } answer)
        {
            actions.Add(new(TableTransactionActionType.UpdateMerge, InstanceRow.SendOutcome(id, answer.SendKey, answer.Result, now)));
        }

        foreach (var send in decision.Commands.OfType<SendCommand>())
        {
            // A key the instance was not already waiting on is new: its record is inserted, and the insert fails if the
            // key was ever used. A retry or reconciliation of the pending key only counts the attempt.
            actions.Add(send.SendKey == before.State.PendingSendKey && answered is null
                ? new(TableTransactionActionType.UpdateMerge, InstanceRow.SendAttempt(id, send))
                : new(TableTransactionActionType.Add, InstanceRow.SendIntent(id, send, now)));
        }

        var table = await TableForUserAsync(before.State.UserId, cancellationToken).ConfigureAwait(false);
        try
        {
            var response = await table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
            return response.Value[0].Headers.ETag ?? throw new InvalidOperationException("the transaction response carried no ETag");
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412)
        {
            throw new RequestFailedException(ex.Status, ex.Message, ex.ErrorCode, ex);
        }
    }

    /// <summary>Records a send's answer on its own, for an answer that arrives after the instance moved on (terminated meanwhile, say).</summary>
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

    /// <summary>Stores an event for an instance; false when an event with that id is already stored.</summary>
    public async Task<bool> AddEventAsync(string instanceId, InboundEvent received, CancellationToken cancellationToken)
    {
        var table = await TableForUserAsync(UserOf(instanceId), cancellationToken).ConfigureAwait(false);
        try
        {
            await table.AddEntityAsync(InstanceRow.EventEntity(instanceId, received), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    /// <summary>
    /// Writes the readable history of one decision (sequence <paramref name="sequence"/>) as the instance's history row:
    /// upserted, so a step activity that runs again after a crash writes the same row again.
    /// </summary>
    public async Task RecordHistoryAsync(string instanceId, int sequence, IReadOnlyList<HistoryEntry> lines, CancellationToken cancellationToken)
    {
        if (lines.Count == 0)
        {
            return;
        }

        var table = await TableForUserAsync(UserOf(instanceId), cancellationToken).ConfigureAwait(false);
        await table.UpsertEntityAsync(InstanceRow.HistoryEntity(instanceId, sequence, lines), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
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

    /// <summary>Deletes every row of an instance; false when it did not exist.</summary>
    public async Task<bool> PurgeAsync(string instanceId, CancellationToken cancellationToken)
    {
        var table = await TableForUserAsync(UserOf(instanceId), cancellationToken).ConfigureAwait(false);
        var keys = new List<string>();
        await foreach (var row in table.QueryAsync<TableEntity>(e => e.PartitionKey == instanceId, select: ["RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            keys.Add(row.RowKey);
        }

        // The instance row goes last, so a purge interrupted halfway leaves the instance visible and purgeable again.
        foreach (var chunk in keys.Where(k => k != InstanceRow.InstanceKey).Chunk(100))
        {
            await table.SubmitTransactionAsync(chunk.Select(k => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(instanceId, k))), cancellationToken)
                .ConfigureAwait(false);
        }

        if (!keys.Contains(InstanceRow.InstanceKey))
        {
            return false;
        }

        await table.DeleteEntityAsync(instanceId, InstanceRow.InstanceKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        return true;
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
