using System.Text.RegularExpressions;

namespace Reactivation.Core.Offers;

/// <summary>The rules a catalogue must follow, whether it was parsed or built in code.</summary>
public sealed partial class OfferCatalogue
{
    /// <summary>Checks every rule and adds a problem for each one broken.</summary>
    /// <param name="source">Where the catalogue came from.</param>
    /// <param name="campaigns">The campaigns, each with its index in the list and the properties that could not be read.</param>
    /// <param name="offers">The offers, likewise.</param>
    /// <param name="problems">Where problems are added.</param>
    /// <remarks>
    /// A parsed entry with an unreadable property (already reported) is still checked, but no rule that depends on that
    /// property is applied, so one mistake is reported once and never again as a confusing follow-on.
    /// </remarks>
    private static void Check(string source, IReadOnlyList<Entry<Campaign>> campaigns, IReadOnlyList<Entry<Offer>> offers, List<CatalogueProblem> problems)
    {
        void Add(string location, string message) => problems.Add(new CatalogueProblem(source, location, message));

        var campaignIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in campaigns)
        {
            var (i, campaign) = (entry.Index, entry.Item);
            var at = At("campaigns", i, entry.Readable("id") ? campaign.Id : null);
            if (entry.Readable("id"))
            {
                if (!IdPattern().IsMatch(campaign.Id))
                {
                    Add($"{at}.id", $"'{campaign.Id}' is not a campaign id: use 1 to 63 lower-case letters, digits and dashes, starting with a letter or digit");
                }
                else if (!campaignIndex.TryAdd(campaign.Id, i))
                {
                    Add($"{at}.id", $"campaign id '{campaign.Id}' is already used by $.campaigns[{campaignIndex[campaign.Id]}]");
                }
            }

            if (entry.Readable("budget"))
            {
                CheckAmount(campaign.Budget, $"{at}.budget", Add);
            }

            if (entry.Readable("perUserCeiling"))
            {
                CheckAmount(campaign.PerUserCeiling, $"{at}.perUserCeiling", Add);
                if (campaign.PerUserCeiling == 0)
                {
                    Add($"{at}.perUserCeiling", "must be above 0: a ceiling of 0 would refuse every offer (set the budget to 0 to pause a campaign)");
                }
            }
        }

        var offerIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var prefixIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in offers)
        {
            var (i, offer) = (entry.Index, entry.Item);
            var at = At("offers", i, entry.Readable("id") ? offer.Id : null);
            if (entry.Readable("id"))
            {
                if (!IdPattern().IsMatch(offer.Id))
                {
                    Add($"{at}.id", $"'{offer.Id}' is not an offer id: use 1 to 63 lower-case letters, digits and dashes, starting with a letter or digit");
                }
                else if (!offerIndex.TryAdd(offer.Id, i))
                {
                    Add($"{at}.id", $"offer id '{offer.Id}' is already used by $.offers[{offerIndex[offer.Id]}]");
                }
            }

            if (entry.Readable("kind") && !Enum.IsDefined(offer.Kind))
            {
                Add($"{at}.kind", $"{(int)offer.Kind} is not an offer kind");
            }

            if (entry.Readable("name"))
            {
                CheckNames(offer, at, Add);
            }

            CheckAmounts(entry, at, Add);
            if (entry.Readable("validFor") && offer.ValidFor <= TimeSpan.Zero)
            {
                Add($"{at}.validFor", "must be longer than zero");
            }

            if (entry.Readable("codePrefix"))
            {
                if (!CouponCode.IsPrefix(offer.CodePrefix))
                {
                    Add($"{at}.codePrefix", $"'{offer.CodePrefix}' is not a code prefix: use 1 to 8 capital letters and digits");
                }
                else if (!prefixIndex.TryAdd(offer.CodePrefix, i))
                {
                    // One prefix per offer lets anyone holding a code tell which offer it is.
                    Add($"{at}.codePrefix", $"code prefix '{offer.CodePrefix}' is already used by $.offers[{prefixIndex[offer.CodePrefix]}]");
                }
            }

            if (entry.Readable("campaign"))
            {
                var campaign = campaigns.FirstOrDefault(c => c.Readable("id") && c.Item.Id == offer.Campaign);
                if (campaign is null)
                {
                    Add($"{at}.campaign", $"unknown campaign '{offer.Campaign}'");
                }
                else if (campaign.Readable("perUserCeiling") && entry.Readable("cost") && offer.Cost > campaign.Item.PerUserCeiling)
                {
                    Add($"{at}.cost", $"{AmountText.Format(offer.Cost)} is above campaign {campaign.Item.Id}'s per-user ceiling of {AmountText.Format(campaign.Item.PerUserCeiling)}, so the offer could never be issued");
                }
            }
        }
    }

    private static void CheckNames(Offer offer, string at, Action<string, string> add)
    {
        if (offer.Name.Count == 0)
        {
            add($"{at}.name", "needs a display name in at least one locale, for example {\"zh-CN\": \"...\"}");
        }

        foreach (var (locale, name) in offer.Name)
        {
            if (!LocalePattern().IsMatch(locale))
            {
                add($"{at}.name.{locale}", $"'{locale}' is not a locale such as zh-CN or en-US");
            }

            if (string.IsNullOrWhiteSpace(name))
            {
                add($"{at}.name.{locale}", "must not be empty");
            }
        }
    }

    private static void CheckAmounts(Entry<Offer> entry, string at, Action<string, string> add)
    {
        var offer = entry.Item;
        if (entry.Readable("value"))
        {
            CheckAmount(offer.Value, $"{at}.value", add);
        }

        if (entry.Readable("cost") && (offer.Cost != offer.Value || !entry.Readable("value")))
        {
            // A cost left to default to the face value would only repeat the value's problem.
            CheckAmount(offer.Cost, $"{at}.cost", add);
        }

        if (!entry.Readable("kind"))
        {
            return;
        }

        if (entry.Readable("value") && offer.Value == 0 && offer.Kind is OfferKind.NoThresholdCoupon or OfferKind.ThresholdCoupon or OfferKind.GiftPack)
        {
            add($"{at}.value", $"a {KindName(offer.Kind)} needs a face value above 0");
        }

        if (offer.Kind != OfferKind.ThresholdCoupon)
        {
            if (offer.Threshold is not null)
            {
                add($"{at}.threshold", $"only a thresholdCoupon has a minimum spend; this offer is a {KindName(offer.Kind)}");
            }
        }
        else if (entry.Readable("threshold"))
        {
            if (offer.Threshold is not { } threshold)
            {
                add($"{at}.threshold", "a thresholdCoupon needs the minimum spend it applies from");
            }
            else
            {
                CheckAmount(threshold, $"{at}.threshold", add);
                if (entry.Readable("value") && threshold <= offer.Value)
                {
                    add($"{at}.threshold", $"the minimum spend {AmountText.Format(threshold)} must be above the coupon's value {AmountText.Format(offer.Value)}");
                }
            }
        }
    }

    private static void CheckAmount(decimal amount, string location, Action<string, string> add)
    {
        if (amount < 0)
        {
            add(location, $"{AmountText.Format(amount)} is negative");
        }
        else if (!AmountText.HasAtMostTwoDecimals(amount))
        {
            add(location, $"{AmountText.Format(amount)} has more than {AmountText.MaxDecimals} decimal places (amounts are in yuan and fen)");
        }
    }

    private static string KindName(OfferKind kind) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(kind.ToString());

    private static string At(string list, int index, string? id) => string.IsNullOrEmpty(id) ? $"$.{list}[{index}]" : $"$.{list}[{index}] ({id})";

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$", RegexOptions.CultureInvariant)]
    private static partial Regex LocalePattern();

    /// <summary>A campaign or offer as read, with its place in the list and the properties that could not be read (placeholders stand in).</summary>
    private sealed record Entry<T>(int Index, T Item, IReadOnlySet<string> Unreadable)
    {
        public bool Readable(string property) => !Unreadable.Contains(property);
    }
}
