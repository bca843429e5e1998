using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Reactivation.Core.Sweeps;
using Reactivation.Infra.Storage;

namespace Reactivation.Infra.Sweeps;

/// <summary>The consumer side of the hand-off contract: accepts each <see cref="EnrollmentHandoff.HandoffId"/> once.</summary>
/// <remarks>
/// Queues deliver at least once, and a sweep that dies between putting a page's hand-offs on the queue and recording
/// that it did will put them there again when it resumes. Whoever consumes <c>enrollments</c> calls
/// <see cref="TryAcceptAsync"/> first and acts only on true, so each hand-off takes effect exactly once.
/// </remarks>
public sealed class EnrollmentInbox(StorageAccount account)
{
    /// <summary>True the first time a hand-off is seen, false for every repeat.</summary>
    public async Task<bool> TryAcceptAsync(EnrollmentHandoff handoff, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var table = await account.TableAsync("enrollmentinbox", cancellationToken).ConfigureAwait(false);
        var entity = new TableEntity(handoff.SweepDate.ToString("yyyyMMdd", CultureInfo.InvariantCulture), handoff.UserId)
        {
            ["Reason"] = handoff.Reason.ToString(),
            ["AcceptedAt"] = now,
        };
        try
        {
            await table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }
}
