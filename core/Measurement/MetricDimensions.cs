using Reactivation.Core.Journeys;

namespace Reactivation.Core.Measurement;

/// <summary>
/// What a metrics row is about, besides its journey and day. Empty strings mean "not about one" (an enrollment has no
/// step or channel; a send has no reason).
/// </summary>
/// <param name="Version">The journey version the instance runs.</param>
/// <param name="Arm">See <see cref="ArmNames"/>.</param>
/// <param name="Step">The step (sends, skips, deliveries, clicks; for returns, the last touch's step).</param>
/// <param name="Channel">sms, email or webhook.</param>
/// <param name="Band">The dormancy band at enrollment.</param>
/// <param name="Tier">The RFM tier at enrollment.</param>
/// <param name="Cause">The silence cause at enrollment.</param>
/// <param name="Reason">Why a message was not sent.</param>
public sealed record MetricDimensions(int Version, string Arm, string Step, string Channel, string Band, string Tier, string Cause, string Reason)
{
    /// <summary>The dimensions of an instance, with no step, channel or reason.</summary>
    public static MetricDimensions Of(JourneyDefinition definition, JourneyState state) =>
        new(state.Version, ArmNames.Of(definition, state), "", "", state.Context.Band.ToString(), state.Context.Tier.ToString(), state.Context.Cause.ToString(), "");

    /// <summary>A stable key for a row's identity (used to name stored rows).</summary>
    public string Key => string.Join('\u001f', Version.ToString(System.Globalization.CultureInfo.InvariantCulture), Arm, Step, Channel, Band, Tier, Cause, Reason);
}
