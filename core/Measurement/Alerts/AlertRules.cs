namespace Reactivation.Core.Measurement.Alerts;

/// <summary>The names of the alert rules and of what they speak of.</summary>
/// <remarks>Storage contract: rule names and subjects are part of every alert id; add, never rename.</remarks>
public static class AlertRules
{
    /// <summary>A journey's activation rate stayed under its share of the target for consecutive complete weeks (CAP-M1).</summary>
    public const string ActivationBelowTarget = "activationBelowTarget";

    /// <summary>A channel's cost per reactivation went over its multiple of the channel's benchmark (CAP-M1, the seeds' 1.5× CAC rule).</summary>
    public const string ChannelCostAboveBenchmark = "channelCostAboveBenchmark";

    /// <summary>Too many sends failed, over all channels or on one (CAP-M1, technical health).</summary>
    public const string SendFailureRate = "sendFailureRate";

    /// <summary>The subject of an alert about a journey.</summary>
    public static string JourneySubject(string journeyId) => "journey:" + journeyId;

    /// <summary>The subject of an alert about a channel (<see cref="SendHealth.AllChannels"/> for all of them together).</summary>
    public static string ChannelSubject(string channel) => "channel:" + channel.ToLowerInvariant();
}
