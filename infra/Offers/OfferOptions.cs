using System.Text;
using Reactivation.Core.Offers;
using Reactivation.Infra.Journeys;

namespace Reactivation.Infra.Offers;

/// <summary>Settings of the offer desk (configuration section <c>Offers</c>).</summary>
public sealed record OfferOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Offers";

    /// <summary>The shortest coupon secret accepted: 32 characters, a 256-bit key when they are random.</summary>
    public const int MinimumSecretLength = 32;

    /// <summary>The offer catalogue file (relative paths are under the app's directory).</summary>
    /// <value><c>offers/offers.json</c>, the default catalogue shipped with the app.</value>
    public string CataloguePath { get; init; } = "offers/offers.json";

    /// <summary>The key coupon codes are derived with (HMAC-SHA256).</summary>
    /// <value>Required, at least <see cref="MinimumSecretLength"/> characters. Keep it for the life of the codes: a new secret
    /// gives a send not yet issued a different code, though codes already issued are stored and stay valid.</value>
    public string CouponSecret { get; init; } = "";

    /// <summary>The coupon secret as key bytes (UTF-8).</summary>
    public byte[] SecretKey => Encoding.UTF8.GetBytes(CouponSecret);

    /// <summary>Every problem with these options, including every problem in the catalogue they point to.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (CouponSecret.Length < MinimumSecretLength)
        {
            problems.Add($"Offers:CouponSecret must be at least {MinimumSecretLength} characters (was {CouponSecret.Length})");
        }

        var path = JourneyOptions.Resolve(CataloguePath);
        if (!File.Exists(path))
        {
            problems.Add($"Offers:CataloguePath '{CataloguePath}' is not a file");
            return problems;
        }

        var (_, catalogueProblems) = OfferCatalogue.Parse(File.ReadAllText(path), Path.GetFileName(path));
        problems.AddRange(catalogueProblems.Select(p => $"Offers:CataloguePath: {p}"));
        return problems;
    }

    /// <summary>Loads the catalogue at <see cref="CataloguePath"/>.</summary>
    /// <exception cref="InvalidOperationException">The catalogue has problems; the message lists every one.</exception>
    public OfferCatalogue LoadCatalogue()
    {
        var path = JourneyOptions.Resolve(CataloguePath);
        var (catalogue, problems) = OfferCatalogue.Parse(File.ReadAllText(path), Path.GetFileName(path));
        return catalogue ?? throw new InvalidOperationException("invalid offer catalogue:" + string.Concat(problems.Select(p => Environment.NewLine + "  - " + p)));
    }
}
