using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Reactivation.Core.Journeys;
using Reactivation.Core.Policy;
using Reactivation.Infra.Storage;

namespace Reactivation.Infra.Policy;

/// <summary>
/// The marketing touches each user received across all journeys, and when they last answered: what the frequency cap
/// and fatigue count. One row per user (table <c>contactledger</c>, PartitionKey = user id, RowKey = <c>ledger</c>).
/// </summary>
/// <remarks>
/// One row, not a row per touch, so the check before every send is a point read (the emulator scans a whole table to
/// answer a partition query) and a touch is recorded by one write conditioned on the row's ETag. A touch is keyed by its
/// send key and written before the provider is called, so a crash and reconciliation cannot count it twice and a
/// concurrent send for the same user sees it; it is removed again when the send did not go out. Touches older than
/// <see cref="Retention"/> are dropped whenever the row is written.
/// </remarks>
public sealed class ContactLedger(StorageAccount account)
{
    /// <summary>How long touches are kept: longer than any window the policy counts.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(400);

    private const string Table = "contactledger";
    private const string RowKey = "ledger";
    private const int MaxAttempts = 20;

    /// <summary>Records a marketing touch (idempotent by send key: a repeat keeps the first time).</summary>
    public Task RecordTouchAsync(string userId, string sendKey, Channel channel, string journeyId, DateTimeOffset at, CancellationToken cancellationToken) =>
        ChangeAsync(userId, ledger =>
        {
            if (ledger.Touches.Any(t => t.Key == sendKey))
            {
                return false;
            }

            ledger.Touches.Add(new StoredTouch(sendKey, channel, journeyId, at));
            return true;
        }, cancellationToken);

    /// <summary>Removes the touch of a send that did not go out.</summary>
    public Task ForgetTouchAsync(string userId, string sendKey, CancellationToken cancellationToken) =>
        ChangeAsync(userId, ledger => ledger.Touches.RemoveAll(t => t.Key == sendKey) > 0, cancellationToken);

    /// <summary>Notes that the user answered (a click, a reply) at <paramref name="at"/>; an older answer never replaces a newer one.</summary>
    public Task RecordEngagementAsync(string userId, DateTimeOffset at, CancellationToken cancellationToken) =>
        ChangeAsync(userId, ledger =>
        {
            if (ledger.EngagedAt >= at)
            {
                return false;
            }

            ledger.EngagedAt = at;
            return true;
        }, cancellationToken);

    /// <summary>The user's touches since <paramref name="since"/> and their last answer.</summary>
    public async Task<(IReadOnlyList<ContactTouch> Touches, DateTimeOffset? EngagedAt)> ReadAsync(string userId, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var (ledger, _) = await LoadAsync(await account.TableAsync(Table, cancellationToken).ConfigureAwait(false), userId, cancellationToken).ConfigureAwait(false);
        return ([.. ledger.Touches.Where(t => t.At >= since).Select(t => new ContactTouch(t.Key, t.Channel, t.At))], ledger.EngagedAt);
    }

    private async Task ChangeAsync(string userId, Func<StoredLedger, bool> change, CancellationToken cancellationToken)
    {
        var table = await account.TableAsync(Table, cancellationToken).ConfigureAwait(false);
        for (var attempt = 1; ; attempt++)
        {
            var (ledger, etag) = await LoadAsync(table, userId, cancellationToken).ConfigureAwait(false);
            if (!change(ledger))
            {
                return;
            }

            var newest = ledger.Touches.Count == 0 ? DateTimeOffset.MinValue : ledger.Touches.Max(t => t.At);
            ledger.Touches.RemoveAll(t => newest - t.At > Retention);
            var row = new TableEntity(userId, RowKey) { ["Ledger"] = JsonSerializer.Serialize(ledger, Journeys.JourneyStateJson.Options) };
            try
            {
                if (etag is { } known)
                {
                    await table.UpdateEntityAsync(row, known, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await table.AddEntityAsync(row, cancellationToken).ConfigureAwait(false);
                }

                return;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412 && attempt < MaxAttempts)
            {
                // Another send or answer for the same user wrote first: apply the change again to what it wrote.
                await Backoff.DelayAsync(attempt, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static async Task<(StoredLedger Ledger, ETag? ETag)> LoadAsync(TableClient table, string userId, CancellationToken cancellationToken)
    {
        var row = await table.GetEntityIfExistsAsync<TableEntity>(userId, RowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue && row.Value!.GetString("Ledger") is { } json
            ? (JsonSerializer.Deserialize<StoredLedger>(json, Journeys.JourneyStateJson.Options) ?? new StoredLedger(), row.Value.ETag)
            : (new StoredLedger(), null);
    }

    private sealed class StoredLedger
    {
        public List<StoredTouch> Touches { get; init; } = [];

        public DateTimeOffset? EngagedAt { get; set; }
    }

    private sealed record StoredTouch(string Key, Channel Channel, string Journey, DateTimeOffset At);
}
