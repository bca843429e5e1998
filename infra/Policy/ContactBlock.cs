using Reactivation.Core.Journeys;

namespace Reactivation.Infra.Policy;

/// <summary>A contact point a provider refused for good.</summary>
/// <param name="Channel">The channel.</param>
/// <param name="Address">The refused address: a new address on the channel is not blocked.</param>
/// <param name="Reason">Why.</param>
public sealed record ContactBlock(Channel Channel, string Address, string Reason)
{
    /// <summary>Why <paramref name="address"/> is blocked on <paramref name="channel"/> among <paramref name="blocks"/>, or null.</summary>
    public static string? ReasonIn(IReadOnlyList<ContactBlock> blocks, Channel channel, string address) =>
        blocks.FirstOrDefault(b => b.Channel == channel && b.Address == address)?.Reason;
}
