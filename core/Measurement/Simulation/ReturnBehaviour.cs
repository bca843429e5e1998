using Reactivation.Core.Journeys;
using Reactivation.Core.Silence;

namespace Reactivation.Core.Measurement.Simulation;

/// <summary>
/// The simulated population's true behaviour: how likely a silent user is to come back on their own within the return
/// window, and how likely the first message they receive brings them back, by segment, channel and offer. Known
/// exactly, so the lift a journey causes is known and the measured lift can be checked against it.
/// </summary>
/// <remarks>
/// A user comes back on their own with probability <see cref="NaturalReturn"/>, on a day drawn uniformly from day 2 to
/// the end of the window; a treated user also answers their first message with probability <see cref="Response"/>, and
/// returns the next day. Both are independent, and the first message goes out before day 2, so a treated user returns
/// with probability 1 − (1 − p₀)(1 − q) and the true lift for that user is (1 − p₀)·q.
/// </remarks>
public sealed record ReturnBehaviour
{
    /// <summary>The behaviour the demo uses (rates in the range the seeds quote: SMS 12.3% conversion, wake rates 15-20%).</summary>
    public static readonly ReturnBehaviour Default = new();

    /// <summary>Days in the return window.</summary>
    public int WindowDays { get; init; } = 30;

    /// <summary>Chance of coming back unprompted within the window, by dormancy band; drifting (early-warning) users use <see cref="DriftingNaturalReturn"/>.</summary>
    public IReadOnlyDictionary<DormancyBand, double> NaturalByBand { get; init; } = new Dictionary<DormancyBand, double>
    {
        [DormancyBand.Active] = 0.30,
        [DormancyBand.UpTo3Months] = 0.12,
        [DormancyBand.From3To6Months] = 0.08,
        [DormancyBand.From6To12Months] = 0.05,
        [DormancyBand.Over12Months] = 0.03,
    };

    /// <summary>Chance that a user who is drifting but not yet silent comes back to their old rhythm unprompted.</summary>
    public double DriftingNaturalReturn { get; init; } = 0.30;

    /// <summary>Chance of answering a first message, by channel (seeds: SMS 12.3%; email lower; a service call 25.6%).</summary>
    public IReadOnlyDictionary<Channel, double> ResponseByChannel { get; init; } = new Dictionary<Channel, double>
    {
        [Channel.Sms] = 0.123,
        [Channel.Email] = 0.08,
        [Channel.Webhook] = 0.256,
    };

    /// <summary>How much an offer multiplies the response (none 1; any coupon or gift more).</summary>
    public double OfferFactor { get; init; } = 1.4;

    /// <summary>How much the value tier multiplies the response (high-value users answer more).</summary>
    public IReadOnlyDictionary<ValueTier, double> TierFactor { get; init; } = new Dictionary<ValueTier, double>
    {
        [ValueTier.Low] = 0.8,
        [ValueTier.Mid] = 1.0,
        [ValueTier.High] = 1.3,
    };

    /// <summary>p₀: the chance a user comes back on their own within the window.</summary>
    public double NaturalReturn(DormancyBand band, bool drifting) =>
        drifting ? DriftingNaturalReturn : NaturalByBand.GetValueOrDefault(band, 0.05);

    /// <summary>q: the chance the first message (by <paramref name="channel"/>, with or without an offer) brings the user back.</summary>
    public double Response(ValueTier tier, Channel channel, bool withOffer) =>
        Math.Clamp(ResponseByChannel.GetValueOrDefault(channel, 0) * (withOffer ? OfferFactor : 1) * TierFactor.GetValueOrDefault(tier, 1), 0, 0.95);

    /// <summary>The lift a first message causes for one user: (1 − p₀)·q.</summary>
    public static double TrueLift(double naturalReturn, double response) => (1 - naturalReturn) * response;
}
