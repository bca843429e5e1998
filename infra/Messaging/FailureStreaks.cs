using System.Collections.Immutable;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Reactivation.Core.Journeys;
using Reactivation.Core.Messaging;
using Reactivation.Infra.Storage;

namespace Reactivation.Infra.Messaging;

/// <summary>
/// Each contact point's run of failed deliveries (table <c>deliveryfailures</c>, PartitionKey = user id, RowKey =
/// channel), so that <see cref="FailureStreak.BlockAfter"/> failures in a row can block the address.
/// </summary>
/// <remarks>
/// Storage contract: <c>Address</c>, <c>Failures</c> (JSON list of <c>{messageId, at}</c>) and <c>DeliveredAt</c>; add
/// columns, never rename them. Writes are conditioned on the ETag read, so concurrent reports never lose each other.
/// </remarks>
public sealed class FailureStreaks(StorageAccount account)
{
    private const string Table = "deliveryfailures";
    private const int MaxAttempts = 20;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The run for <paramref name="address"/> after a failure; a different stored address starts a new run.</summary>
    public Task<FailureStreak> RecordFailureAsync(string userId, Channel channel, string address, string messageId, DateTimeOffset at, CancellationToken cancellationToken) =>
        UpdateAsync(userId, channel, address, s => s.WithFailure(messageId, at), cancellationToken);

    /// <summary>The run for <paramref name="address"/> after a delivery, which ends the failures before it.</summary>
    public Task<FailureStreak> RecordDeliveryAsync(string userId, Channel channel, string address, DateTimeOffset at, CancellationToken cancellationToken) =>
        UpdateAsync(userId, channel, address, s => s.WithDelivery(at), cancellationToken);

    private async Task<FailureStreak> UpdateAsync(
        string userId, Channel channel, string address, Func<FailureStreak, FailureStreak> change, CancellationToken cancellationToken)
    {
        var table = await account.TableAsync(Table, cancellationToken).ConfigureAwait(false);
        for (var attempt = 1; ; attempt++)
        {
            var row = await table.GetEntityIfExistsAsync<TableEntity>(userId, channel.ToString(), cancellationToken: cancellationToken).ConfigureAwait(false);
            var stored = row.HasValue && row.Value!.GetString("Address") == address ? FromEntity(row.Value) : null;
            var before = stored ?? FailureStreak.Empty(address);
            var after = change(before);
            if (stored is not null && ReferenceEquals(before, after))
            {
                return after;
            }

            var entity = new TableEntity(userId, channel.ToString())
            {
                ["Address"] = address,
                ["Failures"] = JsonSerializer.Serialize(after.Failures, Json),
                ["DeliveredAt"] = after.DeliveredAt,
            };
            try
            {
                if (row.HasValue)
                {
                    await table.UpdateEntityAsync(entity, row.Value!.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
                }

                return after;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412 && attempt < MaxAttempts)
            {
                await Backoff.DelayAsync(attempt, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static FailureStreak FromEntity(TableEntity entity) => new(
        entity.GetString("Address"),
        JsonSerializer.Deserialize<ImmutableArray<FailedDelivery>>(entity.GetString("Failures") ?? "[]", Json),
        entity.GetDateTimeOffset("DeliveredAt"));
}
