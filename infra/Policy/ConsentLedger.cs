using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Reactivation.Core.Audit;
using Reactivation.Core.Journeys;
using Reactivation.Core.Policy;
using Reactivation.Infra.Audit;
using Reactivation.Infra.Storage;

namespace Reactivation.Infra.Policy;

/// <summary>
/// The append-only consent ledger (table <c>consentlog</c>, one partition per user, one row per change keyed by its
/// change id), the change's audit entry, and the projection: the current <see cref="ConsentFlags"/> the contact policy
/// reads at every send.
/// </summary>
/// <remarks>
/// The row is appended first and the projection updated second; a repeat of the same change (a retried request, a crash
/// between the two writes) finds its row and only brings the projection up to date, and the projection keeps the newest
/// change, so replays in any order converge. IP addresses are stored only as a keyed hash.
/// </remarks>
public sealed class ConsentLedger(StorageAccount account, ConsentFlags flags, byte[] ipHashKey, AuditTrail? audit = null)
{
    private const string Table = "consentlog";
    private const string Prefix = "c~";

    /// <summary>Records <paramref name="change"/>.</summary>
    /// <returns>True when the change was new (false for a repeat).</returns>
    public async Task<bool> RecordAsync(ConsentChange change, CancellationToken cancellationToken)
    {
        var table = await account.TableAsync(Table, cancellationToken).ConfigureAwait(false);
        var added = true;
        try
        {
            await table.AddEntityAsync(
                new TableEntity(change.UserId, Prefix + change.ChangeId)
                {
                    ["Channel"] = change.Flag.Channel.ToString(),
                    ["Purpose"] = change.Flag.Purpose.ToString(),
                    ["State"] = change.Flag.State.ToString(),
                    ["Source"] = change.Flag.Source,
                    ["At"] = change.Flag.At,
                    ["TextVersion"] = change.TextVersion,
                    ["IpHash"] = change.Ip is null ? null : HashIp(change.Ip),
                    ["UserAgent"] = change.UserAgent,
                    ["Keyword"] = change.Keyword,
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            added = false;
        }

        // Every time, not only when the row was new: a crash after the append must not leave the change unaudited.
        await (audit?.RecordAsync(AuditOf(change), cancellationToken) ?? Task.CompletedTask).ConfigureAwait(false);
        await flags.SetAsync(change.UserId, change.Flag, cancellationToken).ConfigureAwait(false);
        return added;
    }

    /// <summary>Every change recorded for <paramref name="userId"/>, oldest first: the proof of what the user chose and when.</summary>
    public async Task<IReadOnlyList<ConsentRecord>> HistoryAsync(string userId, CancellationToken cancellationToken)
    {
        var table = await account.TableAsync(Table, cancellationToken).ConfigureAwait(false);
        var records = new List<ConsentRecord>();
        await foreach (var row in table.QueryAsync<TableEntity>(e => e.PartitionKey == userId, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (Enum.TryParse<Channel>(row.GetString("Channel"), out var channel) && Enum.TryParse<TemplatePurpose>(row.GetString("Purpose"), out var purpose)
                && Enum.TryParse<ConsentState>(row.GetString("State"), out var state))
            {
                records.Add(new ConsentRecord(
                    row.RowKey[Prefix.Length..], channel, purpose, state, row.GetString("Source") ?? "", row.GetDateTimeOffset("At") ?? DateTimeOffset.MinValue,
                    row.GetString("TextVersion"), row.GetString("IpHash"), row.GetString("UserAgent"), row.GetString("Keyword")));
            }
        }

        return [.. records.OrderBy(r => r.At).ThenBy(r => r.ChangeId, StringComparer.Ordinal)];
    }

    private static AuditEntry AuditOf(ConsentChange change)
    {
        var flag = change.Flag;
        var evidence = flag.Evidence is null ? "" : $" '{flag.Evidence}'";
        return new AuditEntry(
            flag.At, AuditKinds.ConsentChange, AuditActors.OfConsentSource(flag.Source), change.UserId,
            $"{flag.Channel} {flag.Purpose} {flag.State} ({flag.Source}{evidence}), change {change.ChangeId}")
        {
            DedupeKey = $"consent~{change.ChangeId}",
        };
    }

    private string HashIp(string ip) => Convert.ToHexStringLower(HMACSHA256.HashData(ipHashKey, Encoding.UTF8.GetBytes(ip.Trim())));
}

/// <summary>One row of the consent ledger as the export shows it.</summary>
/// <param name="ChangeId">The change id.</param>
/// <param name="Channel">The channel.</param>
/// <param name="Purpose">The purpose.</param>
/// <param name="State">Opted in or out.</param>
/// <param name="Source">Where the change came from.</param>
/// <param name="At">When the user chose.</param>
/// <param name="TextVersion">The consent text's version.</param>
/// <param name="IpHash">The keyed hash of the IP address.</param>
/// <param name="UserAgent">The user agent.</param>
/// <param name="Keyword">The SMS keyword.</param>
public sealed record ConsentRecord(
    string ChangeId, Channel Channel, TemplatePurpose Purpose, ConsentState State, string Source, DateTimeOffset At, string? TextVersion, string? IpHash, string? UserAgent,
    string? Keyword);
