using Reactivation.Infra.Journeys;
using Reactivation.Core.Activity;
using Reactivation.Core.Policy;
using Reactivation.Core.Users;
using Reactivation.Infra.Policy;
using Reactivation.Infra.Ingestion;

namespace Reactivation.Functions.Cli;

/// <summary>Imports users or activity from a file through the same validation and ingestion as the API, in batches of 1,000.</summary>
/// <remarks>
/// Streaming: one batch in memory at a time. Safe to re-run: ingestion is idempotent per event id and user updates
/// converge. By default bad lines are reported with their line numbers and the rest imported; with strict, the whole
/// file is validated first and nothing is written when any line is bad.
/// </remarks>
public sealed class Importer(
    ActivityIngestor ingestor, JourneyEvents journeys, Microsoft.DurableTask.Client.DurableTaskClient client, UserDirectory users, ConsentLedger consent, ActivityValidationOptions options, TimeProvider clock)
{
    /// <summary>Records per write.</summary>
    public const int BatchSize = 1_000;

    /// <summary>Imports activity events.</summary>
    public Task<ImportReport> ImportEventsAsync(
        Func<TextReader> open, ImportFormat format, bool strict, Action<ValidationProblem> rejected, IProgress<long>? progress, CancellationToken cancellationToken) =>
        ImportAsync(
            ct => ImportReader.EventsAsync(open(), format, ct),
            (input, at, problems) => ActivityBatchValidator.ValidateOne(input, at, clock.GetUtcNow(), options, problems),
            e => (e.UserId, e.EventId),
            async (batch, ct) =>
            {
                var report = await ingestor.IngestAsync(batch, ct).ConfigureAwait(false);
                await journeys.RaiseFromActivityAsync(client, batch, report.Enrolled, 16, ct).ConfigureAwait(false);
                return (report.Accepted, report.Duplicates);
            },
            strict, rejected, progress, cancellationToken);

    /// <summary>Imports users.</summary>
    public Task<ImportReport> ImportUsersAsync(
        Func<TextReader> open, ImportFormat format, bool strict, Action<ValidationProblem> rejected, IProgress<long>? progress, CancellationToken cancellationToken) =>
        ImportAsync(
            ct => ImportReader.UsersAsync(open(), format, ct),
            UserValidator.ValidateOne,
            u => (u.UserId, ""),
            async (batch, ct) =>
            {
                var report = await users.UpsertAsync(batch, ct).ConfigureAwait(false);
                return (report.Created + report.Updated, 0);
            },
            strict, rejected, progress, cancellationToken);

    /// <summary>
    /// Imports consent changes into the append-only ledger (source <c>import</c> unless a line says otherwise); a change id
    /// already recorded counts as a duplicate, so a re-run records nothing twice.
    /// </summary>
    public Task<ImportReport> ImportConsentAsync(
        Func<TextReader> open, ImportFormat format, bool strict, Action<ValidationProblem> rejected, IProgress<long>? progress, CancellationToken cancellationToken) =>
        ImportAsync(
            ct => ImportReader.ConsentAsync(open(), format, ct),
            (input, at, problems) =>
            {
                var (changes, invalid) = ConsentValidator.Validate([input with { Source = input.Source ?? "import" }], clock.GetUtcNow(), 1);
                problems.AddRange(invalid.Select(p => new ValidationProblem(at + p.Location[2..], p.Message)));
                return changes.FirstOrDefault();
            },
            c => (c.UserId, c.ChangeId),
            async (batch, ct) =>
            {
                var recorded = 0;
                await Parallel.ForEachAsync(batch, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = ct }, async (change, token) =>
                {
                    if (await consent.RecordAsync(change, token).ConfigureAwait(false))
                    {
                        Interlocked.Increment(ref recorded);
                    }
                }).ConfigureAwait(false);
                return (recorded, batch.Count - recorded);
            },
            strict, rejected, progress, cancellationToken);

    private static async Task<ImportReport> ImportAsync<TInput, TValid>(
        Func<CancellationToken, IAsyncEnumerable<ImportRecord<TInput>>> read,
        Func<TInput, string, List<ValidationProblem>, TValid?> validate,
        Func<TValid, (string, string)> keyOf,
        Func<IReadOnlyList<TValid>, CancellationToken, Task<(int Written, int Duplicates)>> write,
        bool strict, Action<ValidationProblem> rejected, IProgress<long>? progress, CancellationToken cancellationToken)
        where TInput : class
        where TValid : class
    {
        if (strict)
        {
            long bad = 0, seen = 0;
            await foreach (var record in read(cancellationToken).ConfigureAwait(false))
            {
                seen++;
                if (Check(record, validate, rejected) is null)
                {
                    bad++;
                }
            }

            if (bad > 0)
            {
                return new ImportReport(seen, 0, 0, bad, Strict: true);
            }
        }

        long records = 0, written = 0, duplicates = 0, rejectedCount = 0;
        var batch = new List<TValid>(BatchSize);
        var keys = new HashSet<(string, string)>();
        async Task FlushAsync()
        {
            if (batch.Count == 0)
            {
                return;
            }

            var (w, d) = await write(batch, cancellationToken).ConfigureAwait(false);
            written += w;
            duplicates += d;
            batch.Clear();
            keys.Clear();
            progress?.Report(records);
        }

        await foreach (var record in read(cancellationToken).ConfigureAwait(false))
        {
            records++;
            if (Check(record, validate, rejected) is not { } valid)
            {
                rejectedCount++;
                continue;
            }

            // A repeat inside one batch goes into the next, where ingestion's idempotence handles it.
            if (!keys.Add(keyOf(valid)) || batch.Count == BatchSize)
            {
                await FlushAsync().ConfigureAwait(false);
                keys.Add(keyOf(valid));
            }

            batch.Add(valid);
        }

        await FlushAsync().ConfigureAwait(false);
        return new ImportReport(records, written, duplicates, rejectedCount, strict);
    }

    private static TValid? Check<TInput, TValid>(
        ImportRecord<TInput> record, Func<TInput, string, List<ValidationProblem>, TValid?> validate, Action<ValidationProblem> rejected)
        where TInput : class
        where TValid : class
    {
        var at = $"line {record.Line}";
        if (record.Error is { } error)
        {
            rejected(new ValidationProblem(at, error));
            return null;
        }

        var problems = new List<ValidationProblem>();
        var valid = validate(record.Value!, at, problems);
        foreach (var problem in problems)
        {
            rejected(problem);
        }

        return problems.Count == 0 ? valid : null;
    }
}
