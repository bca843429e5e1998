using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Reactivation.Core.Journeys;
using Reactivation.Core.Policy;
using Reactivation.Infra.Storage;

namespace Reactivation.Infra.Policy;

/// <summary>
/// The marketing touches each user received across all journeys, and when they last answered: what the frequency cap
/// and fatigue count. One row per user, RowKey <c>ledger</c> in the user's <see cref="ContactState"/> partition.
/// </summary>
/// <remarks>
/// One row, not a row per touch, so the cap is guarded by one ETag: the send path reads the row with the rest of the
/// user's contact state and records its touch with one write conditioned on that read (<see cref="TryRecordTouchAsync"/>),
/// so two concurrent sends cannot both pass a cap. A touch is keyed by its send key and written before the provider is
/// called, so a crash and reconciliation cannot count it twice; it is removed again when the send did not go out.
/// Touches older than <see cref="Retention"/> are dropped whenever the row is written. Storage contract: the
/// <c>Ledger</c> column's JSON (Touches with Key, Channel, Journey, At; EngagedAt) is the one the old
/// <c>contactledger</c> table held, so the migration copies it as it is.
/// </remarks>
public sealed class ContactLedger(ContactState contacts)
{
    /// <summary>How long touches are kept: longer than any window the policy counts.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(400);

    private const int MaxAttempts = 20;

    /// <summary>Records a marketing touch (idempotent by send key: a repeat keeps the first time).</summary>
    public Task RecordTouchAsync(string userId, string sendKey, Channel channel, string journeyId, DateTimeOffset at, CancellationToken cancellationToken) =>
        ChangeAsync(userId, ledger => WithTouch(ledger, new LedgerTouch(sendKey, channel, journeyId, at)), cancellationToken);

    /// <summary>
    /// Records <paramref name="touch"/> on the ledger as <paramref name="read"/>, conditioned on its ETag: the send path's
    /// one write, after the policy judged that very state.
    /// </summary>
    /// <returns>True when the touch is recorded (or already was); false when the ledger changed since the read, so the send must be judged again.</returns>
    public async Task<bool> TryRecordTouchAsync(string userId, LedgerState read, LedgerTouch touch, CancellationToken cancellationToken)
    {
        if (WithTouch(read, touch) is not { } next)
        {
            return true;
        }

        var table = await contacts.TableForAsync(userId, cancellationToken).ConfigureAwait(false);
        return await TryWriteAsync(table, userId, next, read.ETag, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes the touch of a send that did not go out.</summary>
    public Task ForgetTouchAsync(string userId, string sendKey, CancellationToken cancellationToken) =>
        ChangeAsync(userId, ledger => ledger.Touches.Any(t => t.Key == sendKey) ? ledger with { Touches = [.. ledger.Touches.Where(t => t.Key != sendKey)] } : null,
            cancellationToken);

    /// <summary>Notes that the user answered (a click, a reply) at <paramref name="at"/>; an older answer never replaces a newer one.</summary>
    public Task RecordEngagementAsync(string userId, DateTimeOffset at, CancellationToken cancellationToken) =>
        ChangeAsync(userId, ledger => ledger.EngagedAt >= at ? null : ledger with { EngagedAt = at }, cancellationToken);

    /// <summary>Merges <paramref name="other"/> (touches by send key, the later answer) into the user's ledger: the migration's copy.</summary>
    /// <returns>True when the stored ledger changed.</returns>
    public async Task<bool> MergeAsync(string userId, LedgerState other, CancellationToken cancellationToken)
    {
        var changed = false;
        await ChangeAsync(userId, ledger =>
        {
            var known = ledger.Touches.Select(t => t.Key).ToHashSet(StringComparer.Ordinal);
            var missing = other.Touches.Where(t => !known.Contains(t.Key)).ToList();
            var engaged = other.EngagedAt > ledger.EngagedAt || ledger.EngagedAt is null ? other.EngagedAt : ledger.EngagedAt;
            changed = missing.Count > 0 || engaged != ledger.EngagedAt;
            return changed ? ledger with { Touches = [.. ledger.Touches, .. missing], EngagedAt = engaged } : null;
        }, cancellationToken).ConfigureAwait(false);
        return changed;
    }

    /// <summary>The user's touches since <paramref name="since"/> and their last answer.</summary>
    public async Task<(IReadOnlyList<ContactTouch> Touches, DateTimeOffset? EngagedAt)> ReadAsync(string userId, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var ledger = await LoadAsync(await contacts.TableForAsync(userId, cancellationToken).ConfigureAwait(false), userId, cancellationToken).ConfigureAwait(false);
        return (Recent(ledger, since), ledger.EngagedAt);
    }

    /// <summary>The touches of <paramref name="ledger"/> since <paramref name="since"/>, as the policy counts them.</summary>
    public static IReadOnlyList<ContactTouch> Recent(LedgerState ledger, DateTimeOffset since) =>
        [.. ledger.Touches.Where(t => t.At >= since).Select(t => new ContactTouch(t.Key, t.Channel, t.At))];

    /// <summary>The ledger a row holds (the <c>Ledger</c> JSON column), with the row's ETag.</summary>
    public static LedgerState Parse(TableEntity row)
    {
        var stored = row.GetString("Ledger") is { } json ? JsonSerializer.Deserialize<StoredLedger>(json, Journeys.JourneyStateJson.Options) : null;
        return new LedgerState(stored?.Touches ?? [], stored?.EngagedAt, row.ETag);
    }

    private static LedgerState? WithTouch(LedgerState ledger, LedgerTouch touch) =>
        ledger.Touches.Any(t => t.Key == touch.Key) ? null : ledger with { Touches = [.. ledger.Touches, touch] };

    private async Task ChangeAsync(string userId, Func<LedgerState, LedgerState?> change, CancellationToken cancellationToken)
    {
        var table = await contacts.TableForAsync(userId, cancellationToken).ConfigureAwait(false);
        for (var attempt = 1; ; attempt++)
        {
            var ledger = await LoadAsync(table, userId, cancellationToken).ConfigureAwait(false);
            if (change(ledger) is not { } next || await TryWriteAsync(table, userId, next, ledger.ETag, cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            if (attempt >= MaxAttempts)
            {
                throw new InvalidOperationException($"the contact ledger of {userId} kept changing: {MaxAttempts} writes lost their race");
            }

            // Another send or answer for the same user wrote first: apply the change again to what it wrote.
            await Backoff.DelayAsync(attempt, cancellationToken).ConfigureAwait(false);
        }
    }

    // Written against the ETag read (added when there was no row), so a write never loses another's.
    private static async Task<bool> TryWriteAsync(TableClient table, string userId, LedgerState ledger, ETag? etag, CancellationToken cancellationToken)
    {
        var newest = ledger.Touches.Count == 0 ? DateTimeOffset.MinValue : ledger.Touches.Max(t => t.At);
        var stored = new StoredLedger { Touches = [.. ledger.Touches.Where(t => newest - t.At <= Retention)], EngagedAt = ledger.EngagedAt };
        var row = new TableEntity(userId, ContactState.LedgerRowKey) { ["Ledger"] = JsonSerializer.Serialize(stored, Journeys.JourneyStateJson.Options) };
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

            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            return false;
        }
    }

    private static async Task<LedgerState> LoadAsync(TableClient table, string userId, CancellationToken cancellationToken)
    {
        var row = await table.GetEntityIfExistsAsync<TableEntity>(userId, ContactState.LedgerRowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? Parse(row.Value!) : LedgerState.Empty;
    }

    private sealed class StoredLedger
    {
        public List<LedgerTouch> Touches { get; init; } = [];

        public DateTimeOffset? EngagedAt { get; set; }
    }
}
