using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Reactivation.Core.Measurement;
using Reactivation.Infra.Storage;

namespace Reactivation.Infra.Measurement;

/// <summary>
/// Facts as they happen, and their roll-up into the metrics table that reports read.
/// </summary>
/// <remarks>
/// <para>Storage contract:</para>
/// <list type="bullet">
/// <item><c>metricfacts</c>: PartitionKey <c>{journey}~{yyyyMMdd}</c>, RowKey the fact's natural id; insert-only, so a
/// fact stored twice counts once.</item>
/// <item><c>metricdirty</c>: PartitionKey <c>dirty</c>, RowKey <c>{journey}~{yyyyMMdd}</c>: a day with facts not yet rolled up.</item>
/// <item><c>metrics</c>: PartitionKey the journey, RowKey <c>{yyyyMMdd}~{hash of the dimensions}</c>, the dimensions and
/// counters as columns (see <see cref="MetricColumns"/>): the sum of the day's facts with those dimensions.</item>
/// </list>
/// <para>
/// A fact's day is marked dirty after the fact is stored (also when it was there already, so a writer that died between
/// the two is completed by its retry). A roll-up recomputes a dirty day from all its facts, replaces its rows, and then
/// clears the mark only if nobody marked it again meanwhile (the delete is conditioned on the mark's ETag), so a fact
/// that lands during a roll-up is rolled up by the next one.
/// </para>
/// </remarks>
public sealed class MetricsStore(StorageAccount account)
{
    private const string FactsTable = "metricfacts";
    private const string DirtyTable = "metricdirty";
    private const string RowsTable = "metrics";
    private const string DirtyPartition = "dirty";

    /// <summary>Stores <paramref name="facts"/> (each once, by natural id) and marks their days for the next roll-up.</summary>
    public async Task RecordAsync(IReadOnlyCollection<MetricFact> facts, CancellationToken cancellationToken)
    {
        if (facts.Count == 0)
        {
            return;
        }

        var table = await account.TableAsync(FactsTable, cancellationToken).ConfigureAwait(false);
        foreach (var fact in facts)
        {
            var entity = MetricColumns.Write(new TableEntity(PartitionOf(fact.JourneyId, fact.Day), SafeKey(fact.Id)), fact.Day, fact.Dimensions, fact.Counters);
            try
            {
                await table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.Status == 409)
            {
                // Counted already (a redelivered event, a step decided again).
            }
        }

        var dirty = await account.TableAsync(DirtyTable, cancellationToken).ConfigureAwait(false);
        foreach (var day in facts.Select(f => PartitionOf(f.JourneyId, f.Day)).Distinct(StringComparer.Ordinal))
        {
            await dirty.UpsertEntityAsync(new TableEntity(DirtyPartition, day), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Rolls up every day marked dirty.</summary>
    /// <returns>The journey days rolled up.</returns>
    public async Task<IReadOnlyList<(string JourneyId, DateOnly Day)>> RollUpAsync(CancellationToken cancellationToken)
    {
        var dirty = await account.TableAsync(DirtyTable, cancellationToken).ConfigureAwait(false);
        var marks = new List<TableEntity>();
        await foreach (var mark in dirty.QueryAsync<TableEntity>(e => e.PartitionKey == DirtyPartition, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            marks.Add(mark);
        }

        var done = new List<(string, DateOnly)>();
        foreach (var mark in marks)
        {
            var (journeyId, day) = ParsePartition(mark.RowKey);
            await RollUpDayAsync(journeyId, day, cancellationToken).ConfigureAwait(false);
            try
            {
                await dirty.DeleteEntityAsync(DirtyPartition, mark.RowKey, mark.ETag, cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.Status is 404 or 412)
            {
                // Marked again while rolling up (roll it up next time), or another roll-up cleared it.
            }

            done.Add((journeyId, day));
        }

        return done;
    }

    /// <summary>Recomputes one journey day's rows from its facts.</summary>
    public async Task RollUpDayAsync(string journeyId, DateOnly day, CancellationToken cancellationToken)
    {
        var facts = await account.TableAsync(FactsTable, cancellationToken).ConfigureAwait(false);
        var partition = PartitionOf(journeyId, day);
        var read = new List<MetricFact>();
        await foreach (var entity in facts.QueryAsync<TableEntity>(e => e.PartitionKey == partition, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            read.Add(new MetricFact(journeyId, day, entity.RowKey, MetricColumns.DimensionsOf(entity), MetricColumns.CountersOf(entity)));
        }

        var rows = await account.TableAsync(RowsTable, cancellationToken).ConfigureAwait(false);
        var actions = MetricRow.RollUp(read)
            .Select(row => new TableTransactionAction(TableTransactionActionType.UpsertReplace,
                MetricColumns.Write(new TableEntity(journeyId, RowKeyOf(day, row.Dimensions)), day, row.Dimensions, row.Counters)))
            .ToList();
        foreach (var chunk in actions.Chunk(100))
        {
            await rows.SubmitTransactionAsync(chunk, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Every metrics row of <paramref name="journeyId"/>.</summary>
    public async Task<IReadOnlyList<MetricRow>> ReadAsync(string journeyId, CancellationToken cancellationToken)
    {
        var rows = await account.TableAsync(RowsTable, cancellationToken).ConfigureAwait(false);
        var result = new List<MetricRow>();
        await foreach (var entity in rows.QueryAsync<TableEntity>(e => e.PartitionKey == journeyId, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            result.Add(new MetricRow(journeyId, MetricColumns.DayOf(entity), MetricColumns.DimensionsOf(entity), MetricColumns.CountersOf(entity)));
        }

        return result;
    }

    /// <summary>Every metrics row of every journey on the days from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public async Task<IReadOnlyList<MetricRow>> ReadDaysAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var rows = await account.TableAsync(RowsTable, cancellationToken).ConfigureAwait(false);
        var (low, high) = (DayKey(from), DayKey(to.AddDays(1)));
        var result = new List<MetricRow>();
        await foreach (var entity in rows.QueryAsync<TableEntity>(e => e.RowKey.CompareTo(low) >= 0 && e.RowKey.CompareTo(high) < 0, cancellationToken: cancellationToken)
            .ConfigureAwait(false))
        {
            result.Add(new MetricRow(entity.PartitionKey, MetricColumns.DayOf(entity), MetricColumns.DimensionsOf(entity), MetricColumns.CountersOf(entity)));
        }

        return result;
    }

    // Table keys may not hold / \ # ? or control characters; activity event ids come from clients and might.
    private static string SafeKey(string id)
    {
        if (!id.Any(c => c is '/' or '\\' or '#' or '?' or '%' || char.IsControl(c)))
        {
            return id;
        }

        var builder = new StringBuilder(id.Length + 16);
        foreach (var c in id)
        {
            builder.Append(c is '/' or '\\' or '#' or '?' or '%' || char.IsControl(c) ? $"%{(int)c:X2}" : c);
        }

        return builder.ToString();
    }

    private static string PartitionOf(string journeyId, DateOnly day) => $"{journeyId}~{DayKey(day)}";

    private static (string JourneyId, DateOnly Day) ParsePartition(string key)
    {
        var at = key.LastIndexOf('~');
        return (key[..at], DateOnly.ParseExact(key[(at + 1)..], "yyyyMMdd", CultureInfo.InvariantCulture));
    }

    private static string DayKey(DateOnly day) => day.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    private static string RowKeyOf(DateOnly day, MetricDimensions dimensions) =>
        $"{DayKey(day)}~{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(dimensions.Key)).AsSpan(0, 12))}";
}
