using Azure.Data.Tables;
using Reactivation.Core.Journeys;
using Reactivation.Core.Policy;
using Reactivation.Infra.Messaging;
using Reactivation.Infra.Storage;

namespace Reactivation.Infra.Policy;

/// <summary>
/// Copies the contact state of the old layout (tables <c>consent</c>, <c>contactledger</c>, <c>contactblocks</c>, and the
/// mirrored fields of every profile) into the per-user <see cref="ContactState"/> partitions. Safe to run again and while
/// the app runs.
/// </summary>
/// <remarks>
/// Every copy goes through the same rule the new layout's writers keep, so a second run changes nothing and a row the app
/// wrote since the deployment is never replaced by an older one: a consent flag only replaces an older one, ledgers are
/// merged (touches by send key, the later answer), and blocks and profile mirrors are added only where none exists (one
/// already there was written by the app, and is newer). The old tables are read, never changed.
/// </remarks>
public sealed class ContactStateMigration(
    StorageAccount account, ContactState contacts, ConsentFlags consent, ContactLedger ledger, ContactBlocks blocks, Ingestion.ProfileWriter profiles)
{
    /// <summary>How many rows go between two progress lines.</summary>
    public const int ProgressEvery = 1_000;

    private static readonly string[] MirrorColumns = ["PartitionKey", "Phone", "Email", "TimeZone", "Locale", "Region", "LastComplaintAt", "LastLoginAt", "LastPurchaseAt"];

    /// <summary>Runs the migration, writing a progress line to <paramref name="progress"/> every <see cref="ProgressEvery"/> rows and after each table.</summary>
    public async Task<IReadOnlyList<MigrationStep>> RunAsync(Action<string> progress, CancellationToken cancellationToken)
    {
        var steps = new List<MigrationStep>
        {
            await CopyAsync("consent", await account.TableAsync("consent", cancellationToken).ConfigureAwait(false), null, CopyConsentAsync, progress, cancellationToken)
                .ConfigureAwait(false),
            await CopyAsync("contactledger", await account.TableAsync("contactledger", cancellationToken).ConfigureAwait(false), null,
                (row, ct) => ledger.MergeAsync(row.PartitionKey, ContactLedger.Parse(row), ct), progress, cancellationToken).ConfigureAwait(false),
            await CopyAsync("contactblocks", await account.TableAsync("contactblocks", cancellationToken).ConfigureAwait(false), null, CopyBlockAsync, progress, cancellationToken)
                .ConfigureAwait(false),
        };
        var mirrors = new MigrationStep("profile mirrors", 0, 0);
        for (var shard = 0; shard < account.Options.ShardCount; shard++)
        {
            var table = await account.ProfilesAsync(shard, cancellationToken).ConfigureAwait(false);
            var step = await CopyAsync($"profiles{shard:D4}", table, MirrorColumns, CopyMirrorAsync, _ => { }, cancellationToken).ConfigureAwait(false);
            mirrors = mirrors with { Read = mirrors.Read + step.Read, Copied = mirrors.Copied + step.Copied };
            if (shard == account.Options.ShardCount - 1 || (shard + 1) % 16 == 0)
            {
                progress($"profile mirrors: {shard + 1} of {account.Options.ShardCount} shards, {mirrors.Read:N0} profiles read, {mirrors.Copied:N0} mirrored");
            }
        }

        steps.Add(mirrors);

        // Members claimed before profiles carried the enrollment marker: ingestion takes a user with no profile row as
        // never enrolled, so each member's profile gets the marker enrollment now writes before it claims.
        var members = new MigrationStep("enrollment markers", 0, 0);
        for (var shard = 0; shard < account.Options.ShardCount; shard++)
        {
            var table = await account.TableAsync($"journeys{shard:D4}", cancellationToken).ConfigureAwait(false);
            var step = await CopyAsync($"journeys{shard:D4}", table, ["PartitionKey"], (row, ct) => profiles.MarkEnrolledIfUnmarkedAsync(row.PartitionKey, ct), _ => { },
                cancellationToken, filter: "RowKey eq 'member'").ConfigureAwait(false);
            members = members with { Read = members.Read + step.Read, Copied = members.Copied + step.Copied };
            if (shard == account.Options.ShardCount - 1 || (shard + 1) % 16 == 0)
            {
                progress($"enrollment markers: {shard + 1} of {account.Options.ShardCount} shards, {members.Read:N0} members read, {members.Copied:N0} marked");
            }
        }

        steps.Add(members);
        return steps;
    }

    private async Task<bool> CopyConsentAsync(TableEntity row, CancellationToken cancellationToken)
    {
        var parts = row.RowKey.Split('~');
        if (parts.Length != 2 || !Enum.TryParse<Channel>(parts[0], out var channel) || !Enum.TryParse<TemplatePurpose>(parts[1], out var purpose)
            || !Enum.TryParse<ConsentState>(row.GetString("State"), out var state))
        {
            throw new InvalidOperationException($"consent row {row.PartitionKey}/{row.RowKey} is not a consent flag (expected RowKey channel~purpose and a State)");
        }

        var flag = new ConsentFlag(channel, purpose, state, row.GetString("Source") ?? "", row.GetString("Evidence"), row.GetDateTimeOffset("At") ?? DateTimeOffset.MinValue);
        return await consent.SetAsync(row.PartitionKey, flag, cancellationToken).ConfigureAwait(false);
    }

    private Task<bool> CopyBlockAsync(TableEntity row, CancellationToken cancellationToken) =>
        Enum.TryParse<Channel>(row.RowKey, out var channel) && row.GetString("Address") is { } address
            ? blocks.AddIfAbsentAsync(row.PartitionKey, new ContactBlock(channel, address, row.GetString("Reason") ?? "refused"), row.GetDateTimeOffset("BlockedAt") ?? DateTimeOffset.MinValue,
                cancellationToken)
            : throw new InvalidOperationException($"contactblocks row {row.PartitionKey}/{row.RowKey} is not a block (expected RowKey a channel and an Address)");

    private Task<bool> CopyMirrorAsync(TableEntity row, CancellationToken cancellationToken)
    {
        var profile = ProfileMirror.FromEntity(row);
        return ProfileMirror.Changed(null, profile) ? contacts.AddMirrorAsync(profile, cancellationToken) : Task.FromResult(false);
    }

    private async Task<MigrationStep> CopyAsync(
        string name, TableClient source, string[]? select, Func<TableEntity, CancellationToken, Task<bool>> copy, Action<string> progress, CancellationToken cancellationToken,
        string? filter = null)
    {
        var (read, copied) = (0L, 0L);
        var options = new ParallelOptions { MaxDegreeOfParallelism = account.Options.Parallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(source.QueryAsync<TableEntity>(filter: filter, select: select, cancellationToken: cancellationToken), options, async (row, ct) =>
        {
            if (await copy(row, ct).ConfigureAwait(false))
            {
                Interlocked.Increment(ref copied);
            }

            if (Interlocked.Increment(ref read) % ProgressEvery == 0)
            {
                progress($"{name}: {Interlocked.Read(ref read):N0} rows read, {Interlocked.Read(ref copied):N0} copied");
            }
        }).ConfigureAwait(false);
        if (select is null)
        {
            progress($"{name}: {read:N0} rows read, {copied:N0} copied, {read - copied:N0} already there");
        }

        return new MigrationStep(name, read, copied);
    }
}
