using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Reactivation.Core.Offers;

namespace Reactivation.Infra.Offers;

/// <summary>
/// The rows of the two offer tables. <c>offerusers</c>: one partition per user with <c>spent~{campaign}</c> counters and
/// <c>issue~{sendKey}</c> issuances. <c>offerbudgets</c>: one partition per campaign with the <c>budget</c> counter and
/// <c>r~{sendKey}</c> reservations. Each counter only changes in a transaction with the row of the send it counts.
/// </summary>
/// <remarks>
/// These shapes are storage contracts: add properties, never rename or reinterpret them, and bump <see cref="Schema"/> if a
/// change must be told apart. Amounts are invariant decimal strings, since tables have no decimal type and doubles would
/// drift over thousands of increments.
/// </remarks>
internal static class OfferRows
{
    public const string UsersTable = "offerusers";
    public const string BudgetsTable = "offerbudgets";
    public const string BudgetKey = "budget";
    public const string IssuePrefix = "issue~";
    public const int Schema = 1;

    public static string SpentKey(string campaign) => $"spent~{campaign}";

    public static string IssueKey(string sendKey) => IssuePrefix + sendKey;

    public static string ReservationKey(string sendKey) => $"r~{sendKey}";

    // ---- counters (the user's spent~{campaign} and the campaign's budget row share one shape) ----

    public static decimal SpentOf(TableEntity? counter) => counter is not null && AmountText.TryParse(counter.GetString("Spent"), out var spent) ? spent : 0;

    public static long CountOf(TableEntity? counter) => counter?.GetInt64("Issued") ?? 0;

    public static TableTransactionAction AddTo(TableEntity? counter, string partition, string rowKey, decimal amount, int count)
    {
        var entity = new TableEntity(partition, rowKey)
        {
            ["Schema"] = Schema,
            ["Spent"] = AmountText.Format(SpentOf(counter) + amount),
            ["Issued"] = CountOf(counter) + count,
        };

        // Conditioned on the ETag read, so a writer that read the same value as another loses (412) and reads again.
        return counter is null
            ? new TableTransactionAction(TableTransactionActionType.Add, entity)
            : new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, counter.ETag);
    }

    // ---- issuances ----

    public static TableEntity Pending(IssuedOffer offer) => WithoutNulls(new(offer.UserId, IssueKey(offer.SendKey))
    {
        ["Schema"] = Schema,
        ["Status"] = IssueStatus.Pending,
        ["OfferId"] = offer.OfferId,
        ["Kind"] = offer.Kind.ToString(),
        ["Campaign"] = offer.Campaign,
        ["Code"] = offer.Code,
        ["Value"] = AmountText.Format(offer.Value),
        ["Threshold"] = offer.Threshold is { } threshold ? AmountText.Format(threshold) : null,
        ["Cost"] = AmountText.Format(offer.Cost),
        ["Name"] = WriteNames(offer.Name),
        ["IssuedAt"] = offer.IssuedAt,
        ["ExpiresAt"] = offer.ExpiresAt,
    });

    public static TableEntity Refused(string userId, string sendKey, string offerId, string? campaign, OfferAllowance refusal, DateTimeOffset at) =>
        WithoutNulls(new(userId, IssueKey(sendKey))
    {
        ["Schema"] = Schema,
        ["Status"] = IssueStatus.Refused,
        ["OfferId"] = offerId,
        ["Campaign"] = campaign,
        ["Refusal"] = refusal.Refusal.ToString(),
        ["Reason"] = refusal.Reason,
        ["IssuedAt"] = at,
    });

    public static TableEntity Confirmed(IssuedOffer offer) => new(offer.UserId, IssueKey(offer.SendKey)) { ["Status"] = IssueStatus.Issued };

    public static TableEntity Compensated(IssuedOffer offer, OfferAllowance refusal) => new(offer.UserId, IssueKey(offer.SendKey))
    {
        ["Status"] = IssueStatus.Refused,
        ["Refusal"] = refusal.Refusal.ToString(),
        ["Reason"] = refusal.Reason,
    };

    public static TableEntity Redeemed(IssuedOffer offer, DateTimeOffset at) => new(offer.UserId, IssueKey(offer.SendKey)) { ["RedeemedAt"] = at };

    public static string StatusOf(TableEntity issue) => issue.GetString("Status") ?? IssueStatus.Pending;

    public static OfferNotIssued RefusalFrom(TableEntity row, string sendKey) => new(
        sendKey,
        row.GetString("OfferId") ?? "",
        Enum.TryParse<OfferRefusal>(row.GetString("Refusal"), out var refusal) ? refusal : OfferRefusal.None,
        row.GetString("Reason") ?? "");

    public static IssuedOffer IssuedFrom(TableEntity row) => new(
        row.RowKey[IssuePrefix.Length..],
        row.GetString("OfferId") ?? "",
        row.PartitionKey,
        Enum.Parse<OfferKind>(row.GetString("Kind") ?? nameof(OfferKind.NoThresholdCoupon)),
        row.GetString("Campaign") ?? "",
        row.GetString("Code") ?? "",
        Amount(row, "Value") ?? 0,
        Amount(row, "Threshold"),
        Amount(row, "Cost") ?? 0,
        ReadNames(row.GetString("Name")),
        row.GetDateTimeOffset("IssuedAt") ?? DateTimeOffset.MinValue,
        row.GetDateTimeOffset("ExpiresAt") ?? DateTimeOffset.MinValue,
        row.GetDateTimeOffset("RedeemedAt"));

    // ---- reservations ----

    public static TableEntity Reservation(IssuedOffer offer, OfferAllowance allowance, DateTimeOffset at) => WithoutNulls(new(offer.Campaign, ReservationKey(offer.SendKey))
    {
        ["Schema"] = Schema,
        ["Status"] = allowance.CanIssue ? IssueStatus.Reserved : IssueStatus.Refused,
        ["UserId"] = offer.UserId,
        ["OfferId"] = offer.OfferId,
        ["Cost"] = AmountText.Format(offer.Cost),
        ["Refusal"] = allowance.CanIssue ? null : allowance.Refusal.ToString(),
        ["Reason"] = allowance.Reason,
        ["At"] = at,
    });

    public static OfferAllowance AllowanceFrom(TableEntity reservation) =>
        reservation.GetString("Status") == IssueStatus.Reserved
            ? OfferAllowance.Issue
            : new OfferAllowance(
                Enum.TryParse<OfferRefusal>(reservation.GetString("Refusal"), out var refusal) ? refusal : OfferRefusal.CampaignBudgetExhausted,
                reservation.GetString("Reason"));

    // Absent and null are the same to a table; leaving nulls out keeps the rows free of empty columns.
    private static TableEntity WithoutNulls(TableEntity entity)
    {
        foreach (var key in entity.Keys.Where(k => entity[k] is null).ToList())
        {
            entity.Remove(key);
        }

        return entity;
    }

    private static decimal? Amount(TableEntity row, string name) => AmountText.TryParse(row.GetString(name), out var amount) ? amount : null;

    private static string WriteNames(IReadOnlyDictionary<string, string> names)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (locale, name) in names)
            {
                writer.WriteString(locale, name);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static OrderedDictionary<string, string> ReadNames(string? json)
    {
        // Read into an ordered dictionary: the first locale written is the fallback.
        var names = new OrderedDictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (string.IsNullOrEmpty(json))
        {
            return names;
        }

        using var document = JsonDocument.Parse(json);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            names.TryAdd(property.Name, property.Value.GetString() ?? "");
        }

        return names;
    }

    /// <summary>The values of the <c>Status</c> property.</summary>
    public static class IssueStatus
    {
        /// <summary>Charged to the user, not yet to the campaign: the code has not been handed out.</summary>
        public const string Pending = "pending";

        /// <summary>Charged to both; the code may be sent.</summary>
        public const string Issued = "issued";

        /// <summary>A reservation counted against the campaign's budget.</summary>
        public const string Reserved = "reserved";

        /// <summary>Refused (the reason is on the row); nothing is charged for it.</summary>
        public const string Refused = "refused";
    }
}
