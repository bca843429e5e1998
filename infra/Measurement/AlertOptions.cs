using Reactivation.Core.Measurement.Alerts;
using Reactivation.Infra.Messaging;

namespace Reactivation.Infra.Measurement;

/// <summary>
/// KPI alerts (section <c>Alerts</c>): the rules' thresholds (inherited from <see cref="AlertThresholds"/>, so they bind
/// as <c>Alerts:ActivationRatio</c>, <c>Alerts:ChannelBenchmarks:sms</c> and so on) and where alerts are POSTed.
/// </summary>
public sealed record AlertOptions : AlertThresholds
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Alerts";

    /// <summary>Where each new alert is POSTed, signed like the webhook channel.</summary>
    /// <value>Empty: alerts are only recorded in the <c>alerts</c> table.</value>
    public string WebhookUrl { get; init; } = "";

    /// <summary>The shared secret the receiver checks the signature with.</summary>
    /// <value>Empty. At least 32 characters when <see cref="WebhookUrl"/> is set.</value>
    public string WebhookSecret { get; init; } = "";

    /// <summary>True when alerts are POSTed as well as recorded.</summary>
    public bool Notifies => WebhookUrl.Length > 0;

    /// <summary>Every problem with these options: the thresholds' and the webhook's.</summary>
    public IReadOnlyList<string> Validate() =>
        [.. Problems(), .. Notifies ? WebhookOptions.EndpointProblems("Alerts:WebhookUrl", WebhookUrl, "Alerts:WebhookSecret", WebhookSecret) : []];
}
