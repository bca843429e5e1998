namespace Reactivation.Core.Measurement.Alerts;

/// <summary>The figures the alert rules judge, read from the metrics roll-ups by the caller.</summary>
public sealed record AlertInputs
{
    /// <summary>Weekly activation per journey, each week starting on a Monday; weeks not over by the evaluation day are ignored.</summary>
    public IReadOnlyList<WeeklyActivation> Activation { get; init; } = [];

    /// <summary>Activation targets by journey id (a rate from 0 to 1); a journey absent here has <see cref="AlertThresholds.ActivationTarget"/>.</summary>
    public IReadOnlyDictionary<string, double> ActivationTargets { get; init; } = new Dictionary<string, double>();

    /// <summary>Spend and reactivations per channel over <see cref="ChannelWindow"/>.</summary>
    public IReadOnlyList<ChannelCost> ChannelCosts { get; init; } = [];

    /// <summary>The days <see cref="ChannelCosts"/> cover.</summary>
    /// <value>Null: the 7 whole UTC days before the evaluation day.</value>
    public AlertPeriod? ChannelWindow { get; init; }

    /// <summary>Send attempts and failures, the total (<see cref="SendHealth.AllChannels"/>) and per channel, over <see cref="SendWindow"/>.</summary>
    public IReadOnlyList<SendHealth> Sends { get; init; } = [];

    /// <summary>The days <see cref="Sends"/> cover.</summary>
    /// <value>Null: the UTC day before the evaluation day.</value>
    public AlertPeriod? SendWindow { get; init; }
}
