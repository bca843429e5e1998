using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Reactivation.Core.Activity;
using Reactivation.Core.Offers;
using Reactivation.Infra.Storage;

namespace Reactivation.Infra.Offers;

/// <summary>
/// Issues offers against campaign budgets and per-user ceilings, exactly once per send key, and records redemptions.
/// The shell around <see cref="OfferAllowance"/>: read the counters, decide, commit the decision with the row it counts.
/// </summary>
/// <remarks>
/// <para>An issue is two entity-group transactions, one per partition, since a transaction cannot span two:</para>
/// <list type="number">
/// <item>In the user's partition (<c>offerusers</c>), the issuance row <c>issue~{sendKey}</c> is inserted (pending, with its
/// code and expiry) together with the user's <c>spent~{campaign}</c> counter, conditioned on the counter's ETag: the ceiling
/// is checked against the value read, and a writer that lost the race (412) reads again.</item>
/// <item>In the campaign's partition (<c>offerbudgets</c>), the reservation <c>r~{sendKey}</c> is inserted with the
/// <c>budget</c> counter the same way. An existing reservation means the send is already counted. When the budget cannot
/// pay, a refused reservation is inserted instead, and step 1 is undone in one transaction (the issuance row becomes
/// refused and the user's counter goes back down).</item>
/// </list>
/// <para>
/// Then the issuance row is marked issued. Every counter therefore moves only together with the row of the send it counts,
/// so the counters always equal the sum of their rows, whatever crashes in between: a retry (the journey reconciles sends
/// under the same key) finds the rows already written and completes what is missing. The first answer for a send key
/// is final: a retry or a duplicate worker gets the same code and expiry, or the same refusal, and charges nothing again.
/// </para>
/// <para>
/// A campaign's budget row is one entity that every issue of the campaign updates, so it carries at most a few hundred
/// issues a second; journeys send in windows over hours, far below that.
/// </para>
/// </remarks>
public sealed partial class OfferDesk
{
    private const int MaxAttempts = 100;

    private readonly StorageAccount _account;
    private readonly OfferCatalogue _catalogue;
    private readonly byte[] _secret;
    private readonly ILogger<OfferDesk> _logger;

    /// <summary>Creates the desk over <paramref name="account"/> for the offers of <paramref name="catalogue"/>.</summary>
    /// <exception cref="ArgumentException">The options carry no coupon secret.</exception>
    public OfferDesk(StorageAccount account, OfferCatalogue catalogue, OfferOptions options, ILogger<OfferDesk> logger)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(catalogue);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        if (string.IsNullOrEmpty(options.CouponSecret))
        {
            throw new ArgumentException("Offers:CouponSecret is required to derive coupon codes", nameof(options));
        }

        _account = account;
        _catalogue = catalogue;
        _secret = options.SecretKey;
        _logger = logger;
    }

    /// <summary>The catalogue the desk issues from.</summary>
    public OfferCatalogue Catalogue => _catalogue;

    /// <summary>
    /// Called at each point where a real worker could die: after the user's charge committed (<c>charged</c>), after the
    /// campaign's reservation committed (<c>reserved</c>) and after a refused reservation committed (<c>refused</c>).
    /// Reliability tests throw from it; production leaves it null.
    /// </summary>
    public Func<string, CancellationToken, ValueTask>? Checkpoint { get; set; }

    /// <summary>Issues offer <paramref name="offerId"/> to <paramref name="userId"/> for the send <paramref name="sendKey"/>, once.</summary>
    /// <param name="offerId">The catalogue id of the offer.</param>
    /// <param name="userId">The recipient.</param>
    /// <param name="sendKey">The send's idempotency key; every call with it gets the first call's answer.</param>
    /// <param name="now">The issue time; the expiry is counted from the first issue, so a retry's <paramref name="now"/> does not move it.</param>
    /// <param name="cancellationToken">Cancels the storage calls.</param>
    /// <returns>An <see cref="IssuedOffer"/>, or an <see cref="OfferNotIssued"/> with the reason (the journey then sends its no-cost fallback).</returns>
    /// <exception cref="InvalidOperationException">The send key was already used for a different offer.</exception>
    public async Task<OfferIssue> IssueAsync(string offerId, string userId, string sendKey, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(offerId);
        CheckUser(userId);
        CheckSendKey(sendKey);
        var users = await _account.TableAsync(OfferRows.UsersTable, cancellationToken).ConfigureAwait(false);
        var (answer, pending) = await ChargeUserAsync(users, offerId, userId, sendKey, now, cancellationToken).ConfigureAwait(false);
        if (!pending)
        {
            return answer;
        }

        await CheckpointAsync("charged", cancellationToken).ConfigureAwait(false);
        var offer = (IssuedOffer)answer;
        var allowance = await ReserveAsync(offer, now, cancellationToken).ConfigureAwait(false);
        if (!allowance.CanIssue)
        {
            await CheckpointAsync("refused", cancellationToken).ConfigureAwait(false);
            return await CompensateAsync(users, offer, allowance, cancellationToken).ConfigureAwait(false);
        }

        await CheckpointAsync("reserved", cancellationToken).ConfigureAwait(false);

        // The reservation is final, so the row cannot have been compensated meanwhile; the mark only saves later calls a trip to the campaign.
        await users.UpdateEntityAsync(OfferRows.Confirmed(offer), ETag.All, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
        return offer;
    }

    /// <summary>Where campaign <paramref name="campaign"/>'s budget stands, or null when the catalogue has no such campaign.</summary>
    public async Task<CampaignBudget?> GetBudgetAsync(string campaign, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(campaign);
        if (_catalogue.FindCampaign(campaign) is not { } configured)
        {
            return null;
        }

        var budgets = await _account.TableAsync(OfferRows.BudgetsTable, cancellationToken).ConfigureAwait(false);
        var counter = await GetAsync(budgets, campaign, OfferRows.BudgetKey, cancellationToken).ConfigureAwait(false);
        return new CampaignBudget(campaign, configured.Budget, OfferRows.SpentOf(counter), OfferRows.CountOf(counter));
    }

    /// <summary>What <paramref name="userId"/> has received from <paramref name="campaign"/> so far, in cost (the stored counter).</summary>
    public async Task<decimal> GetUserSpentAsync(string userId, string campaign, CancellationToken cancellationToken)
    {
        CheckUser(userId);
        ArgumentException.ThrowIfNullOrEmpty(campaign);
        var users = await _account.TableAsync(OfferRows.UsersTable, cancellationToken).ConfigureAwait(false);
        return OfferRows.SpentOf(await GetAsync(users, userId, OfferRows.SpentKey(campaign), cancellationToken).ConfigureAwait(false));
    }

    /// <summary>The offers issued to <paramref name="userId"/>, oldest first; refusals and issues still in progress are left out.</summary>
    public async Task<IReadOnlyList<IssuedOffer>> GetIssuancesAsync(string userId, CancellationToken cancellationToken)
    {
        CheckUser(userId);
        var users = await _account.TableAsync(OfferRows.UsersTable, cancellationToken).ConfigureAwait(false);
        var issued = new List<IssuedOffer>();

        // A user's partition holds a few counters and issuances, so reading it whole is one small query.
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {userId}");
        await foreach (var row in users.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (row.RowKey.StartsWith(OfferRows.IssuePrefix, StringComparison.Ordinal) && OfferRows.StatusOf(row) == OfferRows.IssueStatus.Issued)
            {
                issued.Add(OfferRows.IssuedFrom(row));
            }
        }

        return [.. issued.OrderBy(o => o.IssuedAt).ThenBy(o => o.SendKey, StringComparer.Ordinal)];
    }

    private async Task<(OfferIssue Answer, bool Pending)> ChargeUserAsync(
        TableClient users, string offerId, string userId, string sendKey, DateTimeOffset now, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var existing = await GetAsync(users, userId, OfferRows.IssueKey(sendKey), cancellationToken).ConfigureAwait(false);
            if (existing is not null)
            {
                return Stored(existing, offerId, sendKey);
            }

            OfferAllowance refusal;
            Offer? offer = _catalogue.FindOffer(offerId);
            Campaign? campaign = offer is null ? null : _catalogue.FindCampaign(offer.Campaign);
            TableEntity? counter = null;
            if (offer is null || campaign is null)
            {
                refusal = offer is null
                    ? new OfferAllowance(OfferRefusal.UnknownOffer, $"unknown offer '{offerId}': the catalogue has no such offer")
                    : new OfferAllowance(OfferRefusal.UnknownCampaign, $"offer {offerId}'s campaign '{offer.Campaign}' is not in the catalogue");
            }
            else
            {
                counter = await GetAsync(users, userId, OfferRows.SpentKey(campaign.Id), cancellationToken).ConfigureAwait(false);
                refusal = OfferAllowance.ForUser(campaign.Id, offer.Cost, OfferRows.SpentOf(counter), campaign.PerUserCeiling);
            }

            try
            {
                if (!refusal.CanIssue)
                {
                    // Recorded, so that a retry of this send gets the same answer even if the user's counter or the
                    // catalogue has changed since: a message must not change its mind between attempts.
                    await users.AddEntityAsync(OfferRows.Refused(userId, sendKey, offerId, offer?.Campaign, refusal, now), cancellationToken).ConfigureAwait(false);
                    return (new OfferNotIssued(sendKey, offerId, refusal.Refusal, refusal.Reason ?? ""), false);
                }

                var issued = new IssuedOffer(
                    sendKey, offer!.Id, userId, offer.Kind, offer.Campaign, CouponCode.Create(_secret, sendKey, offer.CodePrefix),
                    offer.Value, offer.Threshold, offer.Cost, offer.Name, now, now + offer.ValidFor);
                await users.SubmitTransactionAsync(
                    [
                        new TableTransactionAction(TableTransactionActionType.Add, OfferRows.Pending(issued)),
                        OfferRows.AddTo(counter, userId, OfferRows.SpentKey(offer.Campaign), offer.Cost, 1),
                    ],
                    cancellationToken).ConfigureAwait(false);
                return (issued, true);
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412 && attempt < MaxAttempts)
            {
                // Another worker answered this send first (409 on the row) or charged the user meanwhile (412): read again.
                await Backoff.DelayAsync(attempt, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<OfferAllowance> ReserveAsync(IssuedOffer offer, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var budgets = await _account.TableAsync(OfferRows.BudgetsTable, cancellationToken).ConfigureAwait(false);
        for (var attempt = 1; ; attempt++)
        {
            var reservation = await GetAsync(budgets, offer.Campaign, OfferRows.ReservationKey(offer.SendKey), cancellationToken).ConfigureAwait(false);
            if (reservation is not null)
            {
                return OfferRows.AllowanceFrom(reservation);
            }

            var counter = await GetAsync(budgets, offer.Campaign, OfferRows.BudgetKey, cancellationToken).ConfigureAwait(false);

            // The cost charged is the one stored with the issuance: a catalogue changed since the user was charged must not
            // make the two counters disagree.
            var allowance = _catalogue.FindCampaign(offer.Campaign) is { } campaign
                ? OfferAllowance.ForCampaign(campaign.Id, offer.Cost, OfferRows.SpentOf(counter), campaign.Budget)
                : new OfferAllowance(OfferRefusal.UnknownCampaign, $"campaign '{offer.Campaign}' is no longer in the catalogue");
            try
            {
                if (allowance.CanIssue)
                {
                    await budgets.SubmitTransactionAsync(
                        [
                            new TableTransactionAction(TableTransactionActionType.Add, OfferRows.Reservation(offer, allowance, now)),
                            OfferRows.AddTo(counter, offer.Campaign, OfferRows.BudgetKey, offer.Cost, 1),
                        ],
                        cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    // A refusal is written too, and first, so that the compensation below is final: no duplicate worker can
                    // reserve this send afterwards (say, after the budget was raised) while its user charge is being undone.
                    await budgets.AddEntityAsync(OfferRows.Reservation(offer, allowance, now), cancellationToken).ConfigureAwait(false);
                }

                return allowance;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412 && attempt < MaxAttempts)
            {
                // Another send moved the budget (412), or a duplicate of this one reserved it first (409): read again.
                await Backoff.DelayAsync(attempt, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<OfferNotIssued> CompensateAsync(TableClient users, IssuedOffer offer, OfferAllowance refusal, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var row = await GetAsync(users, offer.UserId, OfferRows.IssueKey(offer.SendKey), cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"issuance {offer.SendKey} of user {offer.UserId} disappeared while its charge was undone");
            var status = OfferRows.StatusOf(row);
            if (status == OfferRows.IssueStatus.Refused)
            {
                return OfferRows.RefusalFrom(row, offer.SendKey);
            }

            if (status != OfferRows.IssueStatus.Pending)
            {
                throw new InvalidOperationException($"issuance {offer.SendKey} of user {offer.UserId} is {status} but its campaign refused it");
            }

            var counter = await GetAsync(users, offer.UserId, OfferRows.SpentKey(offer.Campaign), cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"user {offer.UserId} has a pending issuance {offer.SendKey} but no counter for campaign {offer.Campaign}");
            try
            {
                await users.SubmitTransactionAsync(
                    [
                        new TableTransactionAction(TableTransactionActionType.UpdateMerge, OfferRows.Compensated(offer, refusal), row.ETag),
                        OfferRows.AddTo(counter, offer.UserId, OfferRows.SpentKey(offer.Campaign), -offer.Cost, -1),
                    ],
                    cancellationToken).ConfigureAwait(false);
                _logger.LogInformation(
                    "offer {OfferId} for send {SendKey} refused after the user was charged; charge of {Cost} undone: {Reason}",
                    offer.OfferId, offer.SendKey, AmountText.Format(offer.Cost), refusal.Reason);
                return new OfferNotIssued(offer.SendKey, offer.OfferId, refusal.Refusal, refusal.Reason ?? "");
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412 && attempt < MaxAttempts)
            {
                await Backoff.DelayAsync(attempt, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static (OfferIssue Answer, bool Pending) Stored(TableEntity row, string offerId, string sendKey)
    {
        var storedOffer = row.GetString("OfferId");
        if (!string.Equals(storedOffer, offerId, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"send {sendKey} already carries offer '{storedOffer}'; it cannot also carry '{offerId}'");
        }

        return OfferRows.StatusOf(row) switch
        {
            OfferRows.IssueStatus.Refused => (OfferRows.RefusalFrom(row, sendKey), false),
            OfferRows.IssueStatus.Issued => (OfferRows.IssuedFrom(row), false),
            _ => (OfferRows.IssuedFrom(row), true),
        };
    }

    private static async Task<TableEntity?> GetAsync(TableClient table, string partition, string row, CancellationToken cancellationToken)
    {
        var response = await table.GetEntityIfExistsAsync<TableEntity>(partition, row, cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue ? response.Value : null;
    }

    private static void CheckUser(string userId)
    {
        if (Identifiers.Check(userId) is { } problem)
        {
            throw new ArgumentException($"user id {problem}", nameof(userId));
        }
    }

    private static void CheckSendKey(string sendKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(sendKey);

        // Table keys refuse these characters; a send key carrying one is a bug upstream, not a request to refuse.
        if (!IsUsableKey(sendKey))
        {
            throw new ArgumentException($"'{sendKey}' cannot be a send key: at most 512 characters, none of / \\ # ? or control characters", nameof(sendKey));
        }
    }

    private ValueTask CheckpointAsync(string point, CancellationToken cancellationToken) => Checkpoint?.Invoke(point, cancellationToken) ?? ValueTask.CompletedTask;
}
