using System.Collections.Frozen;

namespace Reactivation.Core.Offers;

/// <summary>
/// The configured offers and the campaigns that pay for them, checked as a whole so that a bad catalogue never loads:
/// every problem is reported with its location, not only the first.
/// </summary>
public sealed partial class OfferCatalogue
{
    // Nothing unreadable: what entries built in code have.
    private static readonly IReadOnlySet<string> NothingUnreadable = new HashSet<string>();

    private readonly FrozenDictionary<string, Offer> _offers;
    private readonly FrozenDictionary<string, Campaign> _campaigns;

    private OfferCatalogue(IReadOnlyList<Campaign> campaigns, IReadOnlyList<Offer> offers)
    {
        Campaigns = campaigns;
        Offers = offers;
        _campaigns = campaigns.ToFrozenDictionary(c => c.Id, StringComparer.Ordinal);
        _offers = offers.ToFrozenDictionary(o => o.Id, StringComparer.Ordinal);
    }

    /// <summary>An empty catalogue: no campaigns, no offers.</summary>
    public static OfferCatalogue Empty { get; } = new([], []);

    /// <summary>The campaigns, in catalogue order.</summary>
    public IReadOnlyList<Campaign> Campaigns { get; }

    /// <summary>The offers, in catalogue order.</summary>
    public IReadOnlyList<Offer> Offers { get; }

    /// <summary>Builds a catalogue in code (tests, tools); the same checks as <see cref="Parse"/> apply.</summary>
    /// <exception cref="ArgumentException">Any check fails; the message lists every problem.</exception>
    public static OfferCatalogue Create(IReadOnlyList<Campaign> campaigns, IReadOnlyList<Offer> offers)
    {
        ArgumentNullException.ThrowIfNull(campaigns);
        ArgumentNullException.ThrowIfNull(offers);
        var problems = new List<CatalogueProblem>();
        Check("code", [.. campaigns.Select((c, i) => new Entry<Campaign>(i, c, NothingUnreadable))], [.. offers.Select((o, i) => new Entry<Offer>(i, o, NothingUnreadable))], problems);
        return problems.Count == 0
            ? new OfferCatalogue(campaigns, offers)
            : throw new ArgumentException("invalid offer catalogue: " + string.Join("; ", problems));
    }

    /// <summary>The offer with id <paramref name="id"/>, or null.</summary>
    public Offer? FindOffer(string id) => _offers.GetValueOrDefault(id);

    /// <summary>The campaign with id <paramref name="id"/>, or null.</summary>
    public Campaign? FindCampaign(string id) => _campaigns.GetValueOrDefault(id);

    /// <summary>True when the catalogue has an offer with id <paramref name="id"/>.</summary>
    public bool Contains(string id) => _offers.ContainsKey(id);
}
