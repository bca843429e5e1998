using Azure;
using Azure.Data.Tables;
using Reactivation.Core.Offers;
using Reactivation.Infra.Storage;

namespace Reactivation.Infra.Offers;

/// <summary>Redemptions: the shop reports a code used, and the issuance records when.</summary>
public sealed partial class OfferDesk
{
    /// <summary>Records that <paramref name="userId"/> redeemed an issued offer at <paramref name="at"/>; repeating it changes nothing.</summary>
    /// <param name="userId">The user the offer was issued to.</param>
    /// <param name="codeOrSendKey">The coupon code (as typed: case and Crockford look-alikes are forgiven) or the send key.</param>
    /// <param name="at">When it was redeemed (the shop's time, not the time the report arrived), checked against the expiry.</param>
    /// <param name="cancellationToken">Cancels the storage calls.</param>
    public async Task<OfferRedemption> RedeemAsync(string userId, string codeOrSendKey, DateTimeOffset at, CancellationToken cancellationToken)
    {
        CheckUser(userId);
        ArgumentException.ThrowIfNullOrWhiteSpace(codeOrSendKey);
        var users = await _account.TableAsync(OfferRows.UsersTable, cancellationToken).ConfigureAwait(false);
        var row = await FindIssuanceAsync(users, userId, codeOrSendKey, cancellationToken).ConfigureAwait(false);
        for (var attempt = 1; ; attempt++)
        {
            if (row is null)
            {
                return new OfferRedemption(RedemptionOutcome.NotFound, null);
            }

            if (OfferRows.StatusOf(row) != OfferRows.IssueStatus.Issued)
            {
                return new OfferRedemption(RedemptionOutcome.NotIssued, null);
            }

            var offer = OfferRows.IssuedFrom(row);
            if (offer.RedeemedAt is not null)
            {
                return new OfferRedemption(RedemptionOutcome.AlreadyRedeemed, offer);
            }

            if (offer.IsExpiredAt(at))
            {
                return new OfferRedemption(RedemptionOutcome.Expired, offer);
            }

            try
            {
                // Conditioned on the ETag, so of two concurrent reports the first time written stands and the other sees it.
                await users.UpdateEntityAsync(OfferRows.Redeemed(offer, at), row.ETag, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
                return new OfferRedemption(RedemptionOutcome.Redeemed, offer with { RedeemedAt = at });
            }
            catch (RequestFailedException ex) when (ex.Status == 412 && attempt < MaxAttempts)
            {
                await Backoff.DelayAsync(attempt, cancellationToken).ConfigureAwait(false);
                row = await GetAsync(users, row.PartitionKey, row.RowKey, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static async Task<TableEntity?> FindIssuanceAsync(TableClient users, string userId, string codeOrSendKey, CancellationToken cancellationToken)
    {
        if (IsUsableKey(codeOrSendKey)
            && await GetAsync(users, userId, OfferRows.IssueKey(codeOrSendKey), cancellationToken).ConfigureAwait(false) is { } bySendKey)
        {
            return bySendKey;
        }

        var code = CouponCode.Normalize(codeOrSendKey);
        if (!CouponCode.IsWellFormed(code))
        {
            return null;
        }

        // Codes are looked up within the user's own (small) partition, so even a chance collision with another user's code is harmless.
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {userId} and Code eq {code}");
        await foreach (var row in users.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            return row;
        }

        return null;
    }

    private static bool IsUsableKey(string sendKey) =>
        sendKey.Length <= 512 && sendKey.AsSpan().IndexOfAny("/\\#?") < 0 && !sendKey.Any(char.IsControl);
}
