namespace Reactivation.Core.Measurement.Alerts;

/// <summary>One channel's spend and the reactivations it brought over the channel window (<see cref="AlertInputs.ChannelWindow"/>).</summary>
/// <param name="Channel">The channel: <c>sms</c>, <c>email</c>, <c>webhook</c>.</param>
/// <param name="Cost">What its messages cost, in the reporting currency.</param>
/// <param name="Returned">Users who returned after it reached them.</param>
/// <remarks>Rows for the same channel (any case) are added together.</remarks>
public sealed record ChannelCost(string Channel, double Cost, long Returned);
