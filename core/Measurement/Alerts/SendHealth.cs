namespace Reactivation.Core.Measurement.Alerts;

/// <summary>Send attempts and failures over the send window (<see cref="AlertInputs.SendWindow"/>), over all channels or on one.</summary>
/// <param name="Channel">The channel, or <see cref="AllChannels"/> for the total.</param>
/// <param name="Sent">Sends attempted, the failed ones included.</param>
/// <param name="Failed">Of them, sends that failed.</param>
/// <remarks>Rows for the same channel (any case) are added together.</remarks>
public sealed record SendHealth(string Channel, long Sent, long Failed)
{
    /// <summary>The channel name of the row that counts every channel.</summary>
    public const string AllChannels = "all";
}
